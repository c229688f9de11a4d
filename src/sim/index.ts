export { SimActuator } from './actuator/sim-actuator.js';
export { exportScenarioBundle } from './bundle-export.js';
export { type GroundTruth, SCENARIO_NAMES, type ScenarioName } from './scenarios/scenario-names.js';
export { shopTopology } from './topology/shop-topology.js';
export type { SimEdge, SimLanguage, SimService, SimTopology } from './topology/sim-topology.js';
export { createSimWorld, type SimOptions, SimWorld } from './world.js';
