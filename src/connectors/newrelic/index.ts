/** New Relic: a MetricsSource over NerdGraph NRQL queries. */
export * from './nerdgraph-response.js';
export * from './newrelic-metrics-source.js';
export * from './newrelic-options.js';
export * from './nrql.js';
