/** The fault scenarios the simulator can play, by name. */
export const SCENARIO_NAMES = [
  'db-connection-exhaustion',
  'memory-leak-after-deploy',
  'cascading-upstream-failure',
  'bad-deploy-error-spike',
  'traffic-surge-cpu-saturation',
  'disk-full-database',
  'slow-dependency-latency',
  'false-alarm',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The known answer of a scenario, in the bundle spec vocabulary; for evaluation only. */
export interface GroundTruth {
  service: string | null;
  cause: string | null;
  mechanism: string | null;
  remediation: string;
}

export function isScenarioName(value: string): value is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(value);
}
