/** The Grafana Loki log connector. */
export * from './logql.js';
export * from './loki-log-source.js';
export * from './loki-options.js';
export * from './loki-streams.js';
