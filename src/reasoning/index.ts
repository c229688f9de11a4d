export * from './causal-engine.js';
export * from './confidence.js';
export * from './dependency-graph.js';
export * from './priors.js';
