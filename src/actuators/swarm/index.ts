export * from './swarm-actuator.js';
export * from './swarm-actuator-options.js';
export * from './swarm-undo-token.js';
