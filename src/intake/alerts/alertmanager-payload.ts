/**
 * Reads the Alertmanager webhook shape (`alerts[]` with status, labels, annotations,
 * startsAt, endsAt, generatorURL, fingerprint), which Grafana's webhook contact point also
 * sends with extra fields. Each vendor module adds its own annotations.
 */
import type { AlertDraft } from './build-alert.js';
import { addMissing, epochSeconds, isObject, isZeroTime, type JsonObject, stringMap } from './payload.js';
import { buildAll, type SourceContext } from './source-context.js';
import { intakeError, type ParseResult } from './types.js';

export interface AlertmanagerLikeOptions {
  /** Vendor fields of one alert to keep as annotations (added only where not already set). */
  alertAnnotations: (alert: JsonObject, root: JsonObject) => Record<string, unknown>;
  /** Checks of the envelope that give warnings (version, truncation). */
  envelopeWarnings: (root: JsonObject) => string[];
}

export function parseAlertmanagerLike(
  json: unknown,
  context: SourceContext,
  options: AlertmanagerLikeOptions,
): ParseResult {
  if (!isObject(json)) return intakeError('$', 'expected a JSON object');
  if (!Array.isArray(json.alerts)) return intakeError('alerts', 'required: expected an array');
  const warnings = options.envelopeWarnings(json);
  if (json.alerts.length === 0) return buildAll([], context, warnings, 'the payload holds no alerts');

  const drafts: AlertDraft[] = [];
  for (const [index, item] of json.alerts.entries()) {
    const path = `alerts[${index}]`;
    if (!isObject(item)) return intakeError(path, 'expected an object');
    const draft = readAlert(item, json, path, options);
    if ('field' in draft) return intakeError(draft.field, draft.message);
    drafts.push(draft);
  }
  return buildAll(drafts, context, warnings);
}

function readAlert(
  item: JsonObject,
  root: JsonObject,
  path: string,
  options: AlertmanagerLikeOptions,
): AlertDraft | { field: string; message: string } {
  if (item.status !== 'firing' && item.status !== 'resolved') {
    return { field: `${path}.status`, message: 'expected "firing" or "resolved"' };
  }
  if (!isObject(item.labels)) return { field: `${path}.labels`, message: 'required: expected an object' };
  const labels = stringMap(item.labels);
  const annotations = stringMap(item.annotations);
  if (!labels.ok) return { field: `${path}.labels`, message: 'expected an object' };
  if (!annotations.ok) return { field: `${path}.annotations`, message: 'expected an object' };
  const startsAt = epochSeconds(item.startsAt);
  if (startsAt === undefined) {
    return { field: `${path}.startsAt`, message: 'required: expected an RFC 3339 timestamp' };
  }
  if (item.fingerprint !== undefined && typeof item.fingerprint !== 'string') {
    return { field: `${path}.fingerprint`, message: 'expected a string' };
  }
  const endsAt = isZeroTime(item.endsAt) ? undefined : item.endsAt;
  addMissing(annotations.map, {
    generator_url: item.generatorURL,
    ends_at: item.status === 'resolved' ? endsAt : undefined,
    ...options.alertAnnotations(item, root),
  });
  const message =
    annotations.map.summary ??
    annotations.map.description ??
    annotations.map.message ??
    labels.map.alertname ??
    '';
  return {
    labelsPath: `${path}.labels`,
    labels: labels.map,
    annotations: annotations.map,
    status: item.status,
    startsAt,
    fingerprint: item.fingerprint || undefined,
    message,
  };
}
