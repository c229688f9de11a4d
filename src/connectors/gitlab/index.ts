export * from './gitlab-change-source.js';
export * from './gitlab-deployments.js';
export * from './gitlab-options.js';
