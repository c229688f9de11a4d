export * from './container-apps-actuator.js';
export * from './container-apps-options.js';
export * from './container-apps-undo-token.js';
