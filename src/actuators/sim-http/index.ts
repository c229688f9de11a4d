export * from './http-sim-actuator.js';
export * from './http-sim-actuator-options.js';
