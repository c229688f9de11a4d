/**
 * Label mapping: which labels name an alert's service and severity, how vendor severities
 * (`page`, `warning`, `P1`, Datadog priorities, PagerDuty urgencies) map onto afr's levels,
 * and the defaults used when a payload names neither. Configured once for all sources and
 * overridable per source.
 */
import { z } from 'zod';
import { SEVERITY_LEVELS, type Severity, SeveritySchema } from '../../core/severity.js';

export const DEFAULT_SERVICE_LABELS = [
  'service',
  'service_name',
  'app',
  'app_kubernetes_io_name',
  'kubernetes_service',
  'ServiceName',
  'FunctionName',
  'job',
];

export const DEFAULT_SEVERITY_LABELS = ['severity', 'priority', 'urgency', 'alert_type'];

/** Vendor words (compared lower-cased) and the afr severity they mean. */
export const DEFAULT_SEVERITY_MAP: Record<string, Severity> = {
  page: 'critical',
  crit: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  disaster: 'critical',
  p1: 'critical',
  sev1: 'critical',
  error: 'high',
  err: 'high',
  major: 'high',
  p2: 'high',
  sev2: 'high',
  warning: 'medium',
  warn: 'medium',
  moderate: 'medium',
  average: 'medium',
  p3: 'medium',
  sev3: 'medium',
  minor: 'low',
  p4: 'low',
  sev4: 'low',
  informational: 'info',
  information: 'info',
  none: 'info',
  success: 'info',
  p5: 'info',
  sev5: 'info',
};

const labelList = z.array(z.string().min(1)).min(1);
const severityMap = z.record(z.string(), SeveritySchema);

/** Per-source overrides: every key optional, nothing defaulted. */
export const IntakeMappingOverrideSchema = z.strictObject({
  /** Labels that name the service, first non-empty wins. */
  service_labels: labelList.optional(),
  /** Labels holding a severity word, first one that maps wins. */
  severity_labels: labelList.optional(),
  /** Extra vendor words → severity; merged over the defaults (keys compared lower-cased). */
  severity_map: severityMap.optional(),
  /** Severity when no label maps; `null` rejects such alerts (422). */
  default_severity: SeveritySchema.nullable().optional(),
  /** Service when no label names one; absent rejects such alerts (422). */
  default_service: z.string().min(1).optional(),
  /** Renames services as they arrive (`"Checkout (prod)": checkout`). */
  service_aliases: z.record(z.string(), z.string().min(1)).optional(),
});
export type IntakeMappingOverride = z.output<typeof IntakeMappingOverrideSchema>;

export const IntakeMappingSchema = z.strictObject({
  service_labels: labelList.default(DEFAULT_SERVICE_LABELS),
  severity_labels: labelList.default(DEFAULT_SEVERITY_LABELS),
  severity_map: severityMap.default({}),
  default_severity: SeveritySchema.nullable().default('medium'),
  default_service: z.string().min(1).optional(),
  service_aliases: z.record(z.string(), z.string().min(1)).default({}),
});
export type IntakeMapping = z.output<typeof IntakeMappingSchema>;

/** The global mapping with a source's overrides applied (severity maps and aliases merge). */
export function mergeMapping(
  base: IntakeMapping,
  override: IntakeMappingOverride | undefined,
): IntakeMapping {
  if (!override) return base;
  return {
    service_labels: override.service_labels ?? base.service_labels,
    severity_labels: override.severity_labels ?? base.severity_labels,
    severity_map: { ...base.severity_map, ...override.severity_map },
    default_severity:
      override.default_severity !== undefined ? override.default_severity : base.default_severity,
    default_service: override.default_service ?? base.default_service,
    service_aliases: { ...base.service_aliases, ...override.service_aliases },
  };
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** Names the payload field a label came from, for error messages. */
export type FieldOf = (label: string) => string;

/**
 * The alert's service: an explicit value (a generic payload's `service` field), else the
 * first mapped label, else the default.
 */
export function resolveService(
  mapping: IntakeMapping,
  labels: Record<string, string>,
  fieldOf: FieldOf,
  explicit?: string,
): Resolved<string> {
  const found =
    nonEmpty(explicit) ?? mapping.service_labels.map((name) => nonEmpty(labels[name])).find(Boolean);
  const service = found ?? mapping.default_service;
  if (service === undefined) {
    return {
      ok: false,
      field: fieldOf(mapping.service_labels[0]),
      message: `required: none of the labels ${mapping.service_labels.join(', ')} is set and no default_service is configured`,
    };
  }
  return { ok: true, value: mapping.service_aliases[service] ?? service };
}

/** The alert's severity: an explicit word, else the first label whose word maps, else the default. */
export function resolveSeverity(
  mapping: IntakeMapping,
  labels: Record<string, string>,
  fieldOf: FieldOf,
  explicit?: string,
): Resolved<Severity> {
  const candidates = [explicit, ...mapping.severity_labels.map((name) => labels[name])];
  for (const word of candidates) {
    const severity = severityOf(mapping, word);
    if (severity) return { ok: true, value: severity };
  }
  if (mapping.default_severity === null) {
    return {
      ok: false,
      field: fieldOf(mapping.severity_labels[0]),
      message: `required: none of the labels ${mapping.severity_labels.join(', ')} holds a known severity and default_severity is null`,
    };
  }
  return { ok: true, value: mapping.default_severity };
}

function severityOf(mapping: IntakeMapping, word: string | undefined): Severity | undefined {
  const key = nonEmpty(word)?.toLowerCase();
  if (key === undefined) return undefined;
  const custom = Object.entries(mapping.severity_map).find(([name]) => name.toLowerCase() === key)?.[1];
  if (custom) return custom;
  if ((SEVERITY_LEVELS as readonly string[]).includes(key)) return key as Severity;
  return DEFAULT_SEVERITY_MAP[key];
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
