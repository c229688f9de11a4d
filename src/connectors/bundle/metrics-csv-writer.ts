import type { TimeRange } from '../../core/index.js';
import type { TelemetryStore } from '../memory/index.js';
import { BUNDLE_FILES } from './bundle-types.js';
import { quoteCsvField } from './csv-fields.js';
import { METRICS_CSV_COLUMNS } from './metrics-csv-columns.js';
import { describeValue } from './record-fields.js';

/** A sample value as written: finite numbers in JavaScript's shortest form, else NaN/+Inf/-Inf. */
function formatValue(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

/**
 * metrics.csv text for every sample inside `window` (inclusive), one series after another in
 * time order; undefined when there is none. Throws when a name holds a line break, which
 * rows of metrics.csv cannot carry.
 */
export function formatMetricsCsv(store: TelemetryStore, window: TimeRange): string | undefined {
  const rows: string[] = [];
  for (const metric of store.metricNames()) {
    const metricCell = csvName(metric, 'metric');
    for (const service of store.servicesWith(metric)) {
      const middle = `,${csvName(service, 'service')},${metricCell},`;
      for (const [timestamp, value] of store.points(metric, service, window)) {
        rows.push(`${timestamp}${middle}${formatValue(value)}`);
      }
    }
  }
  return rows.length ? `${METRICS_CSV_COLUMNS.join(',')}\n${rows.join('\n')}\n` : undefined;
}

function csvName(name: string, field: string): string {
  if (name.includes('\n') || name.includes('\r')) {
    throw new Error(
      `${BUNDLE_FILES.metrics}: ${field}: cannot write ${describeValue(name)}: a name must not contain a line break`,
    );
  }
  return quoteCsvField(name);
}
