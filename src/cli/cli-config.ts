import type { CommanderOptions } from '../agents/commander.js';
import { commanderOptionsFromConfig, dataDirFrom } from '../agents/commander-config.js';
import { type AfrConfig, ConfigError, loadConfig } from '../config/index.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { InputError } from './input-error.js';

/** Loads the config for a CLI command; a config error is bad input (exit 2). */
export async function loadCliConfig(file: string | undefined): Promise<AfrConfig> {
  try {
    return await loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) throw new InputError(error.message);
    throw error;
  }
}

/** The store a command persists incidents to: SQLite in the data dir unless configured otherwise. */
export async function storeFromConfig(config: AfrConfig): Promise<Store> {
  return openStore({
    driver: config.store.driver,
    dataDir: dataDirFrom(config),
    url: config.store.url,
    schema: config.store.schema,
  });
}

/**
 * `afr demo` acts on the simulator: real execution is on unless the config forces dry-run
 * (the seed's `commander.auto_remediate` defaults to false everywhere else).
 */
export async function demoSetup(config: AfrConfig): Promise<{ store: Store; commander: CommanderOptions }> {
  const commander = commanderOptionsFromConfig(config);
  return {
    store: await storeFromConfig(config),
    commander: {
      ...commander,
      autoRemediate: true,
      policy: { ...commander.policy, dryRun: config.policy.dry_run ?? false },
    },
  };
}
