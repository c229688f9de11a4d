export * from './clocks.js';
export * from './memory-notifier.js';
export * from './memory-ports.js';
export * from './telemetry-store.js';
