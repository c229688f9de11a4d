export * from './planned-request.js';
export * from './step-variables.js';
export * from './template.js';
export * from './webhook-actuator.js';
export * from './webhook-actuator-options.js';
export * from './webhook-undo-token.js';
