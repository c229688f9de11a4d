export * from './incident-postmortem.js';
export * from './postmortem.js';
