/** Datadog: a MetricsSource over the metrics query API. */
export * from './datadog-metrics-source.js';
export * from './datadog-options.js';
export * from './datadog-query.js';
export * from './datadog-response.js';
