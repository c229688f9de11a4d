import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/index.js';
import { commanderOptionsFromConfig, dataDirFrom } from './commander-config.js';

describe('commanderOptionsFromConfig', () => {
  it('maps the commander and policy sections', () => {
    const config = defaultConfig();
    config.commander.confidence_threshold = 0.9;
    config.policy.max_actions_per_hour = 3;
    config.policy.allowed_strategies = ['rollback'];
    const options = commanderOptionsFromConfig(config);
    expect(options.confidenceThreshold).toBe(0.9);
    expect(options.autoRemediate).toBe(config.commander.auto_remediate);
    expect(options.windowMinutes).toBe(config.commander.window_minutes);
    expect(options.policy).toMatchObject({
      maxActionsPerHour: 3,
      allowedStrategies: ['rollback'],
      killSwitch: config.policy.kill_switch,
      serviceCooldownSeconds: config.policy.service_cooldown_seconds,
      maxBlastRadiusReplicas: config.policy.max_blast_radius_replicas,
    });
  });

  it('runs dry unless auto-remediation is on, and an explicit dry_run wins', () => {
    const config = defaultConfig();
    config.policy.dry_run = null;
    config.commander.auto_remediate = false;
    expect(commanderOptionsFromConfig(config).policy?.dryRun).toBe(true);
    config.commander.auto_remediate = true;
    expect(commanderOptionsFromConfig(config).policy?.dryRun).toBe(false);
    config.policy.dry_run = true;
    expect(commanderOptionsFromConfig(config).policy?.dryRun).toBe(true);
  });
});

describe('dataDirFrom', () => {
  it('prefers AFR_DATA_DIR over the config', () => {
    const config = defaultConfig();
    expect(dataDirFrom(config, {})).toBe(config.store.data_dir);
    expect(dataDirFrom(config, { AFR_DATA_DIR: 'elsewhere' })).toBe('elsewhere');
    expect(dataDirFrom(config, { AFR_DATA_DIR: '' })).toBe(config.store.data_dir);
  });
});
