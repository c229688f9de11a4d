export * from './nomad-actuator.js';
export * from './nomad-actuator-options.js';
export * from './nomad-undo-token.js';
