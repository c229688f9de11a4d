import type { CommanderOptions } from '../../agents/commander.js';
import { formatDuration } from '../../core/index.js';
import { DEMO_OPERATOR, DemoOperatorSchema } from '../../demo/demo-operator.js';
import type { StoryAttempt } from '../../demo/execution-story.js';
import { at, attemptResult, renderExecution } from '../../demo/render-execution.js';
import { type DemoIncident, runDemo } from '../../demo/run-demo.js';
import { SCENARIO_NAMES, type ScenarioName } from '../../sim/index.js';
import type { Store } from '../../store/store.js';
import { InputError } from '../input-error.js';
import { renderReport } from '../render/render-report.js';
import { renderTable } from '../render/render-table.js';

/** `--scenario wrong-strategy` runs only the wrong-strategy case. */
export const WRONG_STRATEGY_CASE = 'wrong-strategy';

export interface DemoCommandOptions {
  scenario?: string;
  seed?: string;
  json?: boolean;
  /** The demo operator's name (default `demo-operator`). */
  approveAs?: string;
  /** false (`--no-approve`): nobody answers approval requests. */
  approve?: boolean;
}

/** `afr demo`: every fault scenario (or one) end to end on the simulated cloud. */
export async function demoCommand(
  options: DemoCommandOptions,
  out: NodeJS.WritableStream,
  setup: { store?: Store; commander?: CommanderOptions } = {},
): Promise<number> {
  const { scenarios, wrongStrategy } = parseScenarios(options.scenario);
  const seed = options.seed === undefined ? 1 : Number(options.seed);
  if (!Number.isInteger(seed))
    throw new InputError(`--seed: expected an integer, got ${JSON.stringify(options.seed)}`);
  const operator = parseOperator(options);
  const incidents = await runDemo({
    scenarios,
    seed,
    store: setup.store,
    commander: setup.commander,
    operator,
    wrongStrategy,
    onIncident: options.json ? undefined : (incident) => out.write(renderIncident(incident)),
    onSkipped: (label, reason) => process.stderr.write(`afr demo: ${label} skipped: ${reason}\n`),
  });
  if (options.json) {
    out.write(`${JSON.stringify(demoJson(incidents, seed), null, 2)}\n`);
  } else {
    out.write(`${renderSummary(incidents)}\n`);
  }
  return 0;
}

function parseScenarios(name: string | undefined): { scenarios: ScenarioName[]; wrongStrategy: boolean } {
  if (!name || name === 'all') return { scenarios: [...SCENARIO_NAMES], wrongStrategy: true };
  if (name === WRONG_STRATEGY_CASE) return { scenarios: [], wrongStrategy: true };
  if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
    throw new InputError(
      `--scenario: unknown scenario ${JSON.stringify(name)}; expected one of ${[...SCENARIO_NAMES, WRONG_STRATEGY_CASE].join(', ')}`,
    );
  }
  return { scenarios: [name as ScenarioName], wrongStrategy: false };
}

function parseOperator(options: DemoCommandOptions) {
  if (options.approve === false) return null;
  const name = DemoOperatorSchema.shape.name.safeParse(options.approveAs ?? DEMO_OPERATOR.name);
  if (!name.success) {
    throw new InputError(
      `--approve-as: ${name.error.issues[0]?.message ?? 'invalid'}, got ${JSON.stringify(options.approveAs)}`,
    );
  }
  return { ...DEMO_OPERATOR, name: name.data };
}

function renderIncident(incident: DemoIncident): string {
  const title =
    incident.case === 'wrong-strategy'
      ? `wrong-strategy case: ${incident.label} (seed ${incident.seed}); afr proposed ${incident.proposal.strategy}, the on-call engineer overrides it`
      : `scenario ${incident.scenario} (seed ${incident.seed})`;
  // afr's own plan: the executed block below says what humans chose instead.
  let report = renderReport({ ...incident.report, remediation_plan: incident.proposal.plan }).replace(
    /\n$/,
    '',
  );
  // The executed block below tells actions and verification in full.
  if (incident.execution.attempts.length) report = report.replace(/^ {3}(action|verification): .*\n/gm, '');
  return `${title}\n${report}${renderExecution(incident.execution)}\n`;
}

function renderSummary(incidents: DemoIncident[]): string {
  const rows = incidents.map((i) => {
    const r = i.report;
    const attempts = i.execution.attempts;
    return [
      i.label,
      r.root_cause ? `${r.root_cause.service} (${r.root_cause.cause})` : '— (none)',
      i.correct_service && i.correct_strategy ? 'yes' : i.correct_service ? 'service only' : 'NO',
      decisionCell(i),
      i.proposal.strategy,
      attempts.length ? attempts.map((a) => `${a.strategy ?? '?'}: ${attemptResult(a)}`).join(' → ') : '—',
      verificationCell(attempts) || (r.verification?.outcome ?? '—'),
      r.mttr_s !== null ? formatDuration(r.mttr_s) : '—',
      `${r.alert_to_decision_ms.toFixed(0)} ms`,
    ];
  });
  // The scenarios' diagnoses (alone, the wrong-strategy case's, which is afr's diagnosis too).
  const scenarios = incidents.some((i) => i.case === 'scenario')
    ? incidents.filter((i) => i.case === 'scenario')
    : incidents;
  const correct = scenarios.filter((i) => i.correct_service && i.correct_strategy).length;
  const notes = [...humanDecisionNotes(incidents), ...incidents.flatMap(wrongStrategyNote)];
  return `${renderTable(
    [
      'scenario',
      'root cause found',
      'correct?',
      'decision',
      'strategy',
      'executed',
      'verification',
      'MTTR',
      'alert→decision',
    ],
    rows,
  )}\n\n${notes.map((n) => `${n}\n`).join('')}${correct}/${scenarios.length} scenarios correct (service and strategy); false acts: ${incidents.filter((i) => i.false_act).length}\n`;
}

/** afr's decision, and what the human did with it. */
function decisionCell(i: DemoIncident): string {
  const human = i.execution.attempts.find((a) => a.how !== 'autonomous');
  return human ? `${i.proposal.decision} → ${human.how}` : i.proposal.decision;
}

function verificationCell(attempts: StoryAttempt[]): string {
  return attempts.flatMap((a) => a.verifications.map((v) => v.outcome)).join(' → ');
}

/** Per incident with human decisions: who decided what (the demo operator stands in for the on-call engineer). */
function humanDecisionNotes(incidents: DemoIncident[]): string[] {
  return incidents.flatMap((i) => {
    const human = i.execution.attempts.filter((a) => a.how !== 'autonomous');
    if (!human.length) return [];
    const what = human.map((a) =>
      a.how === 'approved'
        ? `${a.decided_by} approved ${a.strategy}`
        : `${a.decided_by} overrode with ${a.strategy}`,
    );
    return [`human decisions (demo operator, audited as a human) on ${i.label}: ${what.join(', then ')}`];
  });
}

/** The wrong-strategy case in one sentence, from its audit trail. */
function wrongStrategyNote(i: DemoIncident): string[] {
  if (i.case !== 'wrong-strategy') return [];
  const [wrong, ...then] = i.execution.attempts;
  if (!wrong) return [`wrong strategy: no override happened (afr decided ${i.proposal.decision})`];
  const parts = [
    `wrong strategy: ${wrong.strategy} on ${wrong.target} (${wrong.how} by ${wrong.decided_by}, afr proposed ${i.proposal.strategy})`,
  ];
  const v = wrong.verifications.at(-1);
  if (v?.regression) {
    parts.push(
      `recovered briefly at ${at(v.regression.recovered_t)}, regression detected at ${at(v.regression.regressed_t)}`,
    );
  }
  if (v) parts.push(`verification ${v.outcome} at ${at(v.t)}`);
  parts.push(
    `${attemptResult(wrong)}${wrong.ended_as && wrong.ended_as !== attemptResult(wrong) ? ` and ${wrong.ended_as}` : ''}`,
  );
  for (const a of then) parts.push(`then ${a.strategy}: ${attemptResult(a)}`);
  if (i.report.mttr_s !== null) parts.push(`MTTR ${formatDuration(i.report.mttr_s)}`);
  return [parts.join('; ')];
}

/** The shape documented in the README under "afr demo --json". */
export function demoJson(incidents: DemoIncident[], seed: number) {
  return {
    seed,
    incidents: incidents.map((i) => ({
      scenario: i.scenario,
      case: i.case,
      label: i.label,
      truth: i.truth,
      correct_service: i.correct_service,
      correct_strategy: i.correct_strategy,
      false_act: i.false_act,
      proposal: i.proposal,
      execution: i.execution,
      report: i.report,
    })),
    summary: incidents.map((i) => ({
      scenario: i.scenario,
      case: i.case,
      label: i.label,
      root_cause: i.report.root_cause?.service ?? null,
      cause: i.report.root_cause?.cause ?? null,
      correct: i.correct_service && i.correct_strategy,
      decision: i.report.decision,
      strategy: i.proposal.strategy,
      executed: i.execution.attempts.map((a) => ({
        strategy: a.strategy,
        target: a.target,
        decided_by: a.decided_by,
        how: a.how,
        result: attemptResult(a),
        verification: a.verifications.at(-1)?.outcome ?? null,
      })),
      verification: i.report.verification?.outcome ?? null,
      state: i.report.state,
      mttr_s: i.report.mttr_s,
      alert_to_decision_ms: i.report.alert_to_decision_ms,
    })),
  };
}
