/**
 * The seed's `IntegratedFirstResponder`: afr wired to real systems from config.yml, as a
 * library. `investigateWithRealData(alert)` runs the whole investigation against the
 * configured connectors and returns the report with its plan, without acting;
 * `executeRemediation(strategy, service)` carries out one strategy through the policy gate
 * (dry-run unless `commander.auto_remediate` or `policy.dry_run: false`), the configured
 * actuator and verification, and audits it.
 *
 * @example
 * const responder = await IntegratedFirstResponder.fromConfig('config.yml');
 * const report = await responder.investigateWithRealData(alert);
 * const result = await responder.executeRemediation('rollback', 'payment-service');
 */
import { CommanderAgent } from './agents/commander.js';
import { commanderOptionsFromConfig, dataDirFrom } from './agents/commander-config.js';
import { overridePlan } from './agents/human-decisions.js';
import { type AfrConfig, loadConfig } from './config/index.js';
import { WallClock } from './connectors/memory/clocks.js';
import type {
  Action,
  Actuator,
  Alert,
  Clock,
  DataPorts,
  IncidentReport,
  Strategy,
  VerificationResult,
} from './core/index.js';
import { learningFor } from './learning/store-learning.js';
import { executePlan } from './remediation/executor.js';
import { actuatorFromConfig } from './server/actuator-from-config.js';
import { dataPortsFromConfig } from './server/data-ports.js';
import { openStore } from './store/index.js';
import type { Store } from './store/store.js';

export interface RemediationOutcome {
  /** Applied and verified. */
  success: boolean;
  outcome: string;
  reason: string;
  actions: Action[];
  verification: VerificationResult | null;
}

export class IntegratedFirstResponder {
  private readonly investigator: CommanderAgent;
  private readonly actor: CommanderAgent;
  readonly ports: DataPorts;
  readonly actuator: Actuator | undefined;
  private readonly clock: Clock;

  /** Connectors, actuator and clock come from the config unless given (tests, embedding). */
  constructor(
    readonly config: AfrConfig,
    readonly store: Store,
    deps: { ports?: DataPorts; actuator?: Actuator; clock?: Clock } = {},
  ) {
    this.ports = deps.ports ?? dataPortsFromConfig(config).ports;
    this.actuator = deps.actuator ?? actuatorFromConfig(config);
    this.clock = deps.clock ?? new WallClock();
    const base = {
      ...commanderOptionsFromConfig(config),
      ports: this.ports,
      store,
      actuator: this.actuator,
      clock: this.clock,
      // A real installation learns from its own history (src/learning).
      learning: learningFor(store),
    };
    this.investigator = new CommanderAgent({ ...base, planOnly: true });
    this.actor = new CommanderAgent(base);
  }

  /** Builds the connectors, actuator and store that config.yml names (`AFR_CONFIG` by default). */
  static async fromConfig(file?: string): Promise<IntegratedFirstResponder> {
    const config = await loadConfig(file);
    const store = await openStore({
      driver: config.store.driver,
      dataDir: dataDirFrom(config),
      url: config.store.url,
      schema: config.store.schema,
    });
    return new IntegratedFirstResponder(config, store);
  }

  /** Investigates with the configured metrics, logs, changes and traces; plans, never acts. */
  investigateWithRealData(alert: Alert | unknown): Promise<IncidentReport> {
    return this.investigator.handleAlert(alert);
  }

  /**
   * Carries out one strategy on one service, verified for `verifySeconds` (default: the
   * plan's deadline, else 120). Pass the investigation's report: its plan (when it
   * proposes this strategy and target) and its findings give verification the pre-incident
   * baselines. Without a report the signals have no baseline and verification rarely confirms
   * a recovery (the action is then undone): use it only for actions you verify yourself.
   */
  async executeRemediation(
    strategy: Strategy,
    service: string,
    options: { verifySeconds?: number; actor?: string; report?: IncidentReport } = {},
  ): Promise<RemediationOutcome> {
    const actor = options.actor ?? 'library';
    const proposed = options.report?.remediation_plan ?? null;
    // The plan afr proposed when it matches (its steps, chain and verification); else one step.
    const plan =
      proposed && proposed.strategy === strategy && proposed.target === service
        ? structuredClone(proposed)
        : overridePlan(proposed, strategy, service, actor);
    plan.verification = {
      signals: plan.verification?.signals ?? [],
      deadline_s: options.verifySeconds ?? plan.verification?.deadline_s ?? 120,
    };
    const incidentId = `manual-${strategy}-${service}-${Date.now().toString(36)}`;
    const result = await executePlan({
      incidentId,
      plan,
      findings: options.report?.findings ?? [],
      actuator: this.actuator,
      metrics: this.ports.metrics,
      clock: this.clock,
      policy: this.actor.policy,
      audit: {
        audit: (action, detail) =>
          this.store
            .appendAudit({
              incident_id: null,
              actor,
              action,
              detail: { ...detail, request: incidentId },
              at: this.clock.now(),
            })
            .then(() => undefined),
      },
      replicasOf: () => 1,
      authorization: { mode: 'override', by: actor },
    });
    return {
      success: result.outcome === 'resolved',
      outcome: result.outcome,
      reason: result.reason,
      actions: result.actions,
      verification: result.verification,
    };
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
