export * from './http-auth.js';
export * from './http-client.js';
export * from './http-error.js';
export * from './retry.js';
export * from './to-outcome.js';
