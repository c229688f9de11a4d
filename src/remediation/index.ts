export * from './executor.js';
export * from './planner.js';
export * from './policy-gate.js';
export * from './strategies.js';
export * from './success-model.js';
export * from './verifier.js';
