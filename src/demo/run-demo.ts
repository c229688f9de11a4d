import type { CommanderOptions } from '../agents/commander.js';
import type { IncidentReport } from '../core/index.js';
import { createSimWorld, type GroundTruth, SCENARIO_NAMES, type ScenarioName } from '../sim/index.js';
import type { Store } from '../store/store.js';
import { simulatedCommander } from './simulated-commander.js';

export interface DemoIncident {
  scenario: ScenarioName;
  seed: number;
  truth: GroundTruth;
  report: IncidentReport;
  /** The named root-cause service matches the truth (for a false alarm: no root cause). */
  correct_service: boolean;
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
  onIncident?: (incident: DemoIncident) => void;
  onSkipped?: (scenario: ScenarioName, reason: string) => void;
}

/** Runs each scenario on the simulated cloud, end to end, and scores the result against its truth. */
export async function runDemo(options: DemoOptions = {}): Promise<DemoIncident[]> {
  const scenarios = options.scenarios ?? SCENARIO_NAMES;
  const seed = options.seed ?? 1;
  const out: DemoIncident[] = [];
  for (const scenario of scenarios) {
    const incident = await runScenario(scenario, seed, { ...options.commander, store: options.store });
    if (!incident) {
      options.onSkipped?.(scenario, 'the simulated world raised no alert');
      continue;
    }
    options.onIncident?.(incident);
    out.push(incident);
  }
  return out;
}

/** Runs one scenario to its first alert and handles it; null when no alert fired. */
export async function runScenario(
  scenario: ScenarioName,
  seed: number,
  commander: CommanderOptions = {},
): Promise<DemoIncident | null> {
  const world = createSimWorld({ scenario, seed });
  const alert = world.runUntilAlert();
  if (!alert) return null;
  const report = await simulatedCommander(world, commander).handleAlert(alert);
  return { scenario, seed, truth: world.truth, report, ...score(report, world.truth) };
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
