export { ConfigError, type ConfigIssue } from './config-error.js';
export { interpolateEnv } from './interpolate.js';
export { DEFAULT_CONFIG_FILE, defaultConfig, loadConfig, parseConfig } from './load-config.js';
export {
  ACTIONABLE_STRATEGIES,
  type AfrConfig,
  AfrConfigSchema,
  DEPLOY_BACKENDS,
  LOG_BACKENDS,
  METRICS_BACKENDS,
  STORE_DRIVERS,
} from './schema.js';
