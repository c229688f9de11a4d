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
    investigationDeadlineMs: c.investigation_deadline_ms,
    windowMinutes: c.window_minutes,
    policy: {
      dryRun: p.dry_run ?? !c.auto_remediate,
      killSwitch: p.kill_switch,
      allowedStrategies: p.allowed_strategies,
      maxActionsPerHour: p.max_actions_per_hour,
      serviceCooldownSeconds: p.service_cooldown_seconds,
      freezeWindows: p.freeze_windows,
      maxBlastRadiusReplicas: p.max_blast_radius_replicas,
    },
  };
}

/** The data directory: AFR_DATA_DIR wins over the config's `store.data_dir`. */
export function dataDirFrom(config: AfrConfig, env: NodeJS.ProcessEnv = process.env): string {
  return env.AFR_DATA_DIR || config.store.data_dir;
}
