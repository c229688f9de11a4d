/**
 * afr — Autonomous First Responder. The library API.
 *
 * @example
 * import { CommanderAgent, Alert, Severity } from 'autonomous-first-responder';
 * const commander = new CommanderAgent();
 * const report = await commander.handleAlert(Alert.create({ service: 'payment-service',
 *   severity: Severity.CRITICAL, message: 'Database timeout - 247 failed requests' }));
 */
export type { AgentResult, InvestigationAgent, InvestigationContext } from './agents/agent.js';
export { CommanderAgent, type CommanderOptions, type HandleAlertOptions } from './agents/commander.js';
export { DeployIntelligenceAgent } from './agents/deploy-agent.js';
export { LogsAgent } from './agents/logs-agent.js';
export { MetricsAgent } from './agents/metrics-agent.js';
export * from './connectors/bundle/index.js';
export * from './connectors/memory/index.js';
export * from './core/index.js';
export { runDemo, runScenario, score } from './demo/run-demo.js';
export { simulatedCommander, simulatedCommanderOptions } from './demo/simulated-commander.js';
export { IntegratedFirstResponder, type RemediationOutcome } from './integrated-first-responder.js';
export { CausalReasoningEngine, type ReasoningResult } from './reasoning/causal-engine.js';
export { DEFAULT_PRIORS, priorsFromHistory } from './reasoning/priors.js';
export { PolicyGate, RemediationEngine, STRATEGY_SPECS, SuccessModel } from './remediation/index.js';
export { type AfrServer, startAfrServer } from './server/serve.js';
export {
  createSimWorld,
  exportScenarioBundle,
  SCENARIO_NAMES,
  type ScenarioName,
  SimWorld,
} from './sim/index.js';
export { openStore } from './store/index.js';
export type { Store } from './store/store.js';
