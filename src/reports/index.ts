export * from './incident-postmortem.js';
export * from './insights.js';
export * from './postmortem.js';
