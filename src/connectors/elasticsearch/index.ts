/** The Elasticsearch / OpenSearch log connector. */
export * from './elasticsearch-log-source.js';
export * from './elasticsearch-options.js';
export * from './search-body.js';
export * from './search-hits.js';
export * from './searchers.js';
