export * from './github-change-source.js';
export * from './github-changes.js';
export * from './github-options.js';
export * from './github-pages.js';
