export * from './sim-http-sources.js';
