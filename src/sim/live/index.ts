export * from './alert-rules.js';
export * from './compressed-clock.js';
export * from './latency-histogram.js';
export * from './live-sim.js';
export * from './metrics-exposition.js';
export * from './openmetrics-export.js';
export * from './sim-server.js';
