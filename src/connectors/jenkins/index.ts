export * from './jenkins-builds.js';
export * from './jenkins-change-source.js';
export * from './jenkins-options.js';
