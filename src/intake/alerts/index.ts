/**
 * Alert intake for `afr serve`'s `/webhooks/<source>`: framework-free parsers and
 * authentication for Alertmanager, Grafana, PagerDuty, Datadog, CloudWatch (via SNS) and
 * generic JSON, with label mapping and idempotency keys. See README.md in this folder.
 */
export * from './alertmanager.js';
export * from './auth.js';
export * from './cloudwatch.js';
export * from './datadog.js';
export * from './default-http-get.js';
export * from './generic.js';
export * from './grafana.js';
export * from './handle-webhook.js';
export * from './intake-key.js';
export * from './json-path.js';
export * from './mapping.js';
export * from './pagerduty.js';
export * from './recent-keys.js';
export * from './registry.js';
export * from './sns-message.js';
export * from './sns-verifier.js';
export * from './types.js';
