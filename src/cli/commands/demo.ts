import type { CommanderOptions } from '../../agents/commander.js';
import { formatDuration } from '../../core/index.js';
import { type DemoIncident, runDemo } from '../../demo/run-demo.js';
import { SCENARIO_NAMES, type ScenarioName } from '../../sim/index.js';
import type { Store } from '../../store/store.js';
import { InputError } from '../input-error.js';
import { renderReport } from '../render/render-report.js';
import { renderTable } from '../render/render-table.js';

export interface DemoCommandOptions {
  scenario?: string;
  seed?: string;
  json?: boolean;
}

/** `afr demo`: every fault scenario (or one) end to end on the simulated cloud. */
export async function demoCommand(
  options: DemoCommandOptions,
  out: NodeJS.WritableStream,
  setup: { store?: Store; commander?: CommanderOptions } = {},
): Promise<number> {
  const scenarios = parseScenarios(options.scenario);
  const seed = options.seed === undefined ? 1 : Number(options.seed);
  if (!Number.isInteger(seed))
    throw new InputError(`--seed: expected an integer, got ${JSON.stringify(options.seed)}`);
  const incidents = await runDemo({
    scenarios,
    seed,
    store: setup.store,
    commander: setup.commander,
    onIncident: options.json ? undefined : (incident) => out.write(renderIncident(incident)),
    onSkipped: (scenario, reason) => process.stderr.write(`afr demo: ${scenario} skipped: ${reason}\n`),
  });
  if (options.json) {
    out.write(`${JSON.stringify(demoJson(incidents, seed), null, 2)}\n`);
  } else {
    out.write(`${renderSummary(incidents)}\n`);
  }
  return 0;
}

function parseScenarios(name: string | undefined): ScenarioName[] {
  if (!name || name === 'all') return [...SCENARIO_NAMES];
  if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
    throw new InputError(
      `--scenario: unknown scenario ${JSON.stringify(name)}; expected one of ${SCENARIO_NAMES.join(', ')}`,
    );
  }
  return [name as ScenarioName];
}

function renderIncident(incident: DemoIncident): string {
  return `scenario ${incident.scenario} (seed ${incident.seed})\n${renderReport(incident.report)}`;
}

function renderSummary(incidents: DemoIncident[]): string {
  const rows = incidents.map((i) => {
    const r = i.report;
    return [
      i.scenario,
      r.root_cause ? `${r.root_cause.service} (${r.root_cause.cause})` : '— (none)',
      i.correct_service && i.correct_strategy ? 'yes' : i.correct_service ? 'service only' : 'NO',
      r.decision,
      r.remediation_plan?.strategy ?? 'none',
      r.verification?.outcome ?? '—',
      r.mttr_s !== null ? formatDuration(r.mttr_s) : '—',
      `${r.alert_to_decision_ms.toFixed(0)} ms`,
    ];
  });
  const correct = incidents.filter((i) => i.correct_service && i.correct_strategy).length;
  return `${renderTable(
    [
      'scenario',
      'root cause found',
      'correct?',
      'decision',
      'strategy',
      'verification',
      'MTTR',
      'alert→decision',
    ],
    rows,
  )}\n\n${correct}/${incidents.length} scenarios correct (service and strategy); false acts: ${incidents.filter((i) => i.false_act).length}\n`;
}

/** The shape documented in the README under "afr demo --json". */
export function demoJson(incidents: DemoIncident[], seed: number) {
  return {
    seed,
    incidents: incidents.map((i) => ({
      scenario: i.scenario,
      truth: i.truth,
      correct_service: i.correct_service,
      correct_strategy: i.correct_strategy,
      false_act: i.false_act,
      report: i.report,
    })),
    summary: incidents.map((i) => ({
      scenario: i.scenario,
      root_cause: i.report.root_cause?.service ?? null,
      cause: i.report.root_cause?.cause ?? null,
      correct: i.correct_service && i.correct_strategy,
      decision: i.report.decision,
      strategy: i.report.remediation_plan?.strategy ?? 'none',
      verification: i.report.verification?.outcome ?? null,
      mttr_s: i.report.mttr_s,
      alert_to_decision_ms: i.report.alert_to_decision_ms,
    })),
  };
}
