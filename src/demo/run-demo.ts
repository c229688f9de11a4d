import type { CommanderAgent, CommanderOptions } from '../agents/commander.js';
import type { Alert, Decision, IncidentReport, RemediationPlan, Strategy } from '../core/index.js';
import {
  createSimWorld,
  type GroundTruth,
  SCENARIO_NAMES,
  type ScenarioName,
  type SimWorld,
} from '../sim/index.js';
import type { Store } from '../store/store.js';
import { approveAsOperator, DEMO_OPERATOR, type DemoOperator } from './demo-operator.js';
import { type ExecutionStory, executionStory } from './execution-story.js';
import { simulatedCommander } from './simulated-commander.js';
import { overrideWithWrongStrategy, WRONG_STRATEGY, WRONG_STRATEGY_SCENARIO } from './wrong-strategy.js';

/** `scenario`: a fault scenario as afr handles it; `wrong-strategy`: a human's wrong first action on one. */
export type DemoCase = 'scenario' | 'wrong-strategy';

export interface DemoIncident {
  scenario: ScenarioName;
  case: DemoCase;
  /** How the demo names it: the scenario, or the scenario and the wrong strategy. */
  label: string;
  seed: number;
  truth: GroundTruth;
  /** The report as the incident ended: after any human decision, with its actions, verification, state and MTTR. */
  report: IncidentReport;
  /** What afr decided and proposed before any human decision (an override replaces the report's plan). */
  proposal: { decision: Decision; strategy: Strategy; target: string | null; plan: RemediationPlan | null };
  /** What was executed, from the audit trail. */
  execution: ExecutionStory;
  /** The named root-cause service matches the truth (for a false alarm: no root cause). */
  correct_service: boolean;
  /** afr's proposed strategy matches the truth. */
  correct_strategy: boolean;
  /** An autonomous action on a wrong service or on a false alarm. */
  false_act: boolean;
}

export interface DemoOptions {
  scenarios?: readonly ScenarioName[];
  seed?: number;
  store?: Store;
  /** Commander settings (thresholds, policy); the world's ports, actuator and clock are added. */
  commander?: CommanderOptions;
  /**
   * Who answers approval requests, audited as a human approval (default DEMO_OPERATOR);
   * null: nobody, such plans stay waiting and the wrong-strategy case cannot run.
   */
  operator?: DemoOperator | null;
  /** Run the wrong-strategy case after the scenarios (default: when every scenario runs). */
  wrongStrategy?: boolean;
  onIncident?: (incident: DemoIncident) => void;
  onSkipped?: (label: string, reason: string) => void;
}

/** Runs each scenario on the simulated cloud, end to end, and scores the result against its truth. */
export async function runDemo(options: DemoOptions = {}): Promise<DemoIncident[]> {
  const scenarios = options.scenarios ?? SCENARIO_NAMES;
  const seed = options.seed ?? 1;
  const operator = options.operator === undefined ? DEMO_OPERATOR : options.operator;
  const commander = { ...options.commander, store: options.store };
  const out: DemoIncident[] = [];
  const done = (incident: DemoIncident | null, label: string) => {
    if (!incident) {
      options.onSkipped?.(label, 'the simulated world raised no alert');
      return;
    }
    options.onIncident?.(incident);
    out.push(incident);
  };
  for (const scenario of scenarios) {
    done(await runScenario(scenario, seed, commander, { operator }), scenario);
  }
  const wrongStrategy = options.wrongStrategy ?? scenarios.length === SCENARIO_NAMES.length;
  if (wrongStrategy) {
    const label = wrongStrategyLabel();
    if (!operator) options.onSkipped?.(label, 'it needs a demo operator to override afr (no --approve-as)');
    else done(await runWrongStrategyCase(seed, commander, operator), label);
  }
  return out;
}

/**
 * Runs one scenario to its first alert and handles it; null when no alert fired. With an
 * operator, a plan that waits for approval is approved by it and carried out.
 */
export async function runScenario(
  scenario: ScenarioName,
  seed: number,
  commander: CommanderOptions = {},
  demo: { operator?: DemoOperator | null } = {},
): Promise<DemoIncident | null> {
  const world = createSimWorld({ scenario, seed });
  const alert = world.runUntilAlert();
  if (!alert) return null;
  const agent = simulatedCommander(world, commander);
  const proposed = await agent.handleAlert(alert);
  if (demo.operator) await approveAsOperator(agent, world, proposed, demo.operator);
  return incidentOf(agent, world, alert, proposed, { scenario, case: 'scenario', label: scenario, seed });
}

/**
 * The wrong-strategy case: the memory leak of a bad deploy, where every action waits for a
 * human; the operator overrides afr's proposal with a restart, which treats the symptom.
 */
export async function runWrongStrategyCase(
  seed: number,
  commander: CommanderOptions = {},
  operator: DemoOperator = DEMO_OPERATOR,
): Promise<DemoIncident | null> {
  const world = createSimWorld({ scenario: WRONG_STRATEGY_SCENARIO, seed });
  const alert = world.runUntilAlert();
  if (!alert) return null;
  // No autonomous action in this case: the plan waits for the on-call engineer.
  const agent = simulatedCommander(world, { ...commander, confidenceThreshold: 1 });
  const proposed = await agent.handleAlert(alert);
  await overrideWithWrongStrategy(agent, world, proposed, operator);
  return incidentOf(agent, world, alert, proposed, {
    scenario: WRONG_STRATEGY_SCENARIO,
    case: 'wrong-strategy',
    label: wrongStrategyLabel(),
    seed,
  });
}

export function wrongStrategyLabel(): string {
  return `${WRONG_STRATEGY_SCENARIO} (${WRONG_STRATEGY} override)`;
}

async function incidentOf(
  agent: CommanderAgent,
  world: SimWorld,
  alert: Alert,
  proposed: IncidentReport,
  what: { scenario: ScenarioName; case: DemoCase; label: string; seed: number },
): Promise<DemoIncident> {
  const id = proposed.incident_id;
  const report = (await agent.store.getReport(id)) ?? proposed;
  return {
    ...what,
    truth: world.truth,
    report,
    proposal: {
      decision: proposed.decision,
      strategy: proposed.remediation_plan?.strategy ?? 'none',
      target: proposed.remediation_plan?.target ?? null,
      plan: proposed.remediation_plan,
    },
    execution: await executionStory(agent.store, id, alert.timestamp),
    ...score(proposed, world.truth),
  };
}

/** Compares a report with the ground truth. */
export function score(
  report: IncidentReport,
  truth: GroundTruth,
): { correct_service: boolean; correct_strategy: boolean; false_act: boolean } {
  const named = report.root_cause?.service ?? null;
  const strategy = report.remediation_plan?.strategy ?? 'none';
  const acted = report.decision === 'act';
  if (truth.service === null) {
    return { correct_service: named === null, correct_strategy: !acted, false_act: acted };
  }
  const correctService = named === truth.service;
  return {
    correct_service: correctService,
    correct_strategy: correctService && strategy === truth.remediation,
    false_act: acted && !correctService,
  };
}
