import type { AfrConfig } from '../config/index.js';
import type { CommanderOptions } from './commander.js';

/**
 * The Commander settings a config file controls: thresholds, auto-remediation, deadlines,
 * the data window and the safety policy. Ports, actuator and store are wired separately.
 */
export function commanderOptionsFromConfig(config: AfrConfig): CommanderOptions {
  const c = config.commander;
  const p = config.policy;
  return {
    confidenceThreshold: c.confidence_threshold,
    approvalThreshold: c.approval_threshold,
    autoRemediate: c.auto_remediate,
    escalationTimeoutSeconds: c.escalation_timeout_seconds,
    investigationDeadlineMs: c.investigation_deadline_ms,
    windowMinutes: c.window_minutes,
    policy: {
      dryRun: p.dry_run ?? !c.auto_remediate,
      killSwitch: p.kill_switch,
      allowedStrategies: p.allowed_strategies,
      strategyScopes: p.strategy_scopes,
      environment: p.environment,
      maxActionsPerHour: p.max_actions_per_hour,
      maxActionsPerServicePerHour: p.max_actions_per_service_per_hour,
      serviceCooldownSeconds: p.service_cooldown_seconds,
      freezeWindows: p.freeze_windows,
      weeklyFreezeWindows: p.weekly_freeze_windows,
      maxBlastRadiusReplicas: p.max_blast_radius_replicas,
      maxBlastRadiusPercent: p.max_blast_radius_percent,
      // The gate re-checks the Commander's thresholds before every step.
      minConfidenceToAct: c.confidence_threshold,
      minConfidenceWithApproval: c.approval_threshold,
      lockTtlSeconds: p.lock_ttl_seconds,
      partialRecovery: p.partial_recovery,
      undoOnKillSwitch: p.undo_on_kill_switch,
      undoOnTakeover: p.undo_on_takeover,
    },
  };
}

/** The data directory: AFR_DATA_DIR wins over the config's `store.data_dir`. */
export function dataDirFrom(config: AfrConfig, env: NodeJS.ProcessEnv = process.env): string {
  return env.AFR_DATA_DIR || config.store.data_dir;
}
