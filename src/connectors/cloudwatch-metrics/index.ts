/** Amazon CloudWatch: a MetricsSource over GetMetricData (AWS SDK v3). */
export * from './cloudwatch-errors.js';
export * from './cloudwatch-metrics-options.js';
export * from './cloudwatch-metrics-source.js';
export * from './metric-data-queries.js';
