export * from './kube-undo-token.js';
export * from './kubernetes-actuator.js';
export * from './kubernetes-actuator-options.js';
