export * from './argocd-change-source.js';
export * from './argocd-history.js';
export * from './argocd-options.js';
