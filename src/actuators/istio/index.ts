export * from './istio-actuator.js';
export * from './istio-actuator-options.js';
export * from './istio-undo-token.js';
