export * from './run-script.js';
export * from './script-actuator.js';
export * from './script-actuator-options.js';
export * from './script-undo-token.js';
