/**
 * Reads a Datadog `GET /api/v1/query` response: `series[].pointlist` holds [epoch ms, value]
 * pairs and `scope` / `tag_set` name the group a series belongs to.
 */
import type { Point } from '../../core/telemetry.js';

export interface DatadogSeries {
  /** The service tag's value, when the series carries one. */
  service?: string;
  points: Point[];
}

/** Thrown for a response that is not a Datadog query answer, or that reports an error. */
export class DatadogResponseError extends Error {}

export function parseDatadogResponse(body: unknown, serviceTag: string): DatadogSeries[] {
  if (typeof body !== 'object' || body === null)
    throw new DatadogResponseError('Datadog: response is not an object');
  const response = body as { status?: unknown; error?: unknown; series?: unknown };
  if (response.status === 'error') {
    throw new DatadogResponseError(
      typeof response.error === 'string' ? response.error : 'Datadog: status error',
    );
  }
  if (response.series === undefined || response.series === null) return [];
  if (!Array.isArray(response.series)) throw new DatadogResponseError('Datadog: series is not an array');
  return response.series.map((series) => readSeries(series, serviceTag));
}

function readSeries(raw: unknown, serviceTag: string): DatadogSeries {
  if (typeof raw !== 'object' || raw === null)
    throw new DatadogResponseError('Datadog: series entry is not an object');
  const series = raw as { pointlist?: unknown; scope?: unknown; tag_set?: unknown };
  if (series.pointlist !== undefined && !Array.isArray(series.pointlist)) {
    throw new DatadogResponseError('Datadog: pointlist is not an array');
  }
  const points: Point[] = [];
  for (const pair of (series.pointlist as unknown[] | undefined) ?? []) {
    if (!Array.isArray(pair))
      throw new DatadogResponseError('Datadog: point is not a [timestamp, value] pair');
    const [ms, value] = pair as unknown[];
    if (typeof ms !== 'number' || !Number.isFinite(ms)) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    points.push([ms / 1000, value]);
  }
  points.sort((a, b) => a[0] - b[0]);
  return { service: serviceOf(series.tag_set, series.scope, serviceTag), points };
}

function serviceOf(tagSet: unknown, scope: unknown, serviceTag: string): string | undefined {
  const prefix = `${serviceTag}:`;
  const tags = [
    ...(Array.isArray(tagSet) ? tagSet.filter((t): t is string => typeof t === 'string') : []),
    ...(typeof scope === 'string' ? scope.split(',') : []),
  ];
  const tag = tags.map((t) => t.trim()).find((t) => t.startsWith(prefix) && t.length > prefix.length);
  return tag?.slice(prefix.length);
}
