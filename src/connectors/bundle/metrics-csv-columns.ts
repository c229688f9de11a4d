/** The columns metrics.csv must have, in the order the writer puts them. */
export const METRICS_CSV_COLUMNS = ['timestamp', 'service', 'metric', 'value'] as const;
export type MetricsCsvColumn = (typeof METRICS_CSV_COLUMNS)[number];
