/** The AWS CloudWatch Logs Insights log connector. */
export * from './cloudwatch-logs-options.js';
export * from './cloudwatch-logs-source.js';
export * from './insights-query.js';
