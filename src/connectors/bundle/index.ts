export * from './analysis-output.js';
export * from './analysis-output-rules.js';
export * from './bundle-error.js';
export * from './bundle-types.js';
export * from './read-bundle.js';
export * from './truth.js';
export * from './write-bundle.js';
