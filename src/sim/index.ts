export { SimActuator } from './actuator/sim-actuator.js';
export { exportScenarioBundle } from './bundle-export.js';
export {
  type GenerateBundlesOptions,
  type GeneratedBundle,
  generateBundles,
  scenarioSequence,
} from './generate-bundles.js';
export { type GroundTruth, SCENARIO_NAMES, type ScenarioName } from './scenarios/scenario-names.js';
export {
  MAX_RANDOM_SERVICES,
  MIN_RANDOM_SERVICES,
  type RandomTopologyOptions,
  randomTopology,
} from './topology/random-topology.js';
export { shopTopology } from './topology/shop-topology.js';
export type { SimEdge, SimLanguage, SimService, SimTopology } from './topology/sim-topology.js';
export { createSimWorld, type SimOptions, SimWorld } from './world.js';
