export * from './prometheus-api.js';
export * from './prometheus-metrics-source.js';
export * from './prometheus-options.js';
export * from './promql-templates.js';
