export * from './kube-apps.js';
export * from './kube-naming.js';
export * from './kube-rollouts.js';
export * from './kubernetes-change-source.js';
export * from './kubernetes-options.js';
export * from './kubernetes-topology-source.js';
