export * from './change-payload.js';
export * from './changes-webhook.js';
export * from './select-changes.js';
export * from './webhook-change-source.js';
