import { SEVERITY_LEVELS, toIso } from '../../core/index.js';
import { BUNDLE_FILES, BUNDLE_FORMAT, type BundleManifest } from './bundle-types.js';
import { parseJsonDocument } from './json-files.js';
import { describeValue, type FieldReader } from './record-fields.js';

/**
 * Parses and checks manifest.json. Required: `format`, `alert.id`, `alert.timestamp`,
 * `alert.service`, `alert.severity` and `window.start` < `window.end`; `alert.message`
 * defaults to "" and `alert.labels` to {} as for alerts from any other source.
 */
export function parseManifest(text: string): BundleManifest {
  const { value, fields } = parseJsonDocument(BUNDLE_FILES.manifest, text);
  return checkManifest(value, fields);
}

/** Checks an already parsed manifest (the writer uses it to refuse to write a bad one). */
export function checkManifest(value: unknown, fields: FieldReader): BundleManifest {
  const root = fields.object(value, []);
  if (root.format !== BUNDLE_FORMAT) {
    fields.fail(
      ['format'],
      root.format === undefined
        ? `missing (expected "${BUNDLE_FORMAT}")`
        : `unsupported format ${describeValue(root.format)} (expected "${BUNDLE_FORMAT}")`,
    );
  }
  const alertFields = fields.object(root.alert, ['alert']);
  const alert: BundleManifest['alert'] = {
    id: fields.string(alertFields, ['alert', 'id']),
    timestamp: fields.timestamp(alertFields, ['alert', 'timestamp']),
    service: fields.string(alertFields, ['alert', 'service']),
    severity: fields.oneOf(alertFields, ['alert', 'severity'], SEVERITY_LEVELS),
    message: alertFields.message === undefined ? '' : fields.text(alertFields, ['alert', 'message']),
    labels: readLabels(alertFields.labels, fields),
  };
  const window = fields.object(root.window, ['window']);
  const start = fields.timestamp(window, ['window', 'start']);
  const end = fields.timestamp(window, ['window', 'end']);
  if (!(start < end)) {
    fields.fail(['window', 'end'], `must be after window.start (${toIso(start)}), found ${toIso(end)}`);
  }
  return { format: BUNDLE_FORMAT, alert, window: { start, end } };
}

function readLabels(value: unknown, fields: FieldReader): Record<string, string> {
  if (value === undefined || value === null) return {};
  const labels = fields.object(value, ['alert', 'labels']);
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels)) {
    const label = fields.optionalString(labels, ['alert', 'labels', name]);
    if (label !== undefined) out[name] = label;
  }
  return out;
}

/** The manifest as written to disk: timestamps as ISO-8601 strings. */
export function manifestToJson(manifest: BundleManifest): Record<string, unknown> {
  const { alert, window } = manifest;
  return {
    format: manifest.format,
    alert: {
      id: alert.id,
      timestamp: toIso(alert.timestamp),
      service: alert.service,
      severity: alert.severity,
      message: alert.message,
      labels: alert.labels,
    },
    window: { start: toIso(window.start), end: toIso(window.end) },
  };
}
