/** The Splunk log connector (search jobs REST API). */
export * from './spl.js';
export * from './splunk-log-source.js';
export * from './splunk-options.js';
export * from './splunk-results.js';
