/**
 * The `incidents:` section of config.yml: how intake alerts become incidents (grouping,
 * topology correlation, inhibition, silences, maintenance windows, thresholds, memory
 * bounds). Keys are snake_case with defaults, so an empty section is a complete config;
 * errors carry the key path (`inhibit_rules.0.source_matchers.1`) through the config loader.
 */
import { z } from 'zod';
import { count, flag, numberField, positiveNumber, section, text, timestamp } from '../config/fields.js';
import { SeveritySchema } from '../core/severity.js';
import { parseMatcher } from './matchers.js';

/** Alertmanager's special group_by value: group by every label (no aggregation). */
export const GROUP_BY_ALL = '...';

function list<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (value === null ? [] : value), z.array(item, { error: 'expected a list' }));
}

function seconds() {
  return numberField({ min: 0, expected: 'expected a number of seconds >= 0' });
}

/** A list of matcher strings, each checked (syntax and regex) with its index in the error path. */
function matcherList() {
  return list(text()).superRefine((matchers, ctx) => {
    matchers.forEach((matcher, index) => {
      const parsed = parseMatcher(matcher);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', path: [index], message: parsed.error });
    });
  });
}

function checkWindow(window: { starts_at: number; ends_at: number }, ctx: z.RefinementCtx): void {
  if (window.ends_at <= window.starts_at) {
    ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'must be after starts_at' });
  }
}

export const InhibitRuleSchema = section({
  /** A firing alert matching all of these... */
  source_matchers: matcherList().default([]),
  /** ...suppresses alerts matching all of these... */
  target_matchers: matcherList().default([]),
  /** ...when these labels have equal values on both (missing labels count as equal). */
  equal: list(text()).default([]),
});
export type InhibitRule = z.output<typeof InhibitRuleSchema>;

export const SilenceSchema = section({
  id: text().optional(),
  matchers: matcherList().refine((matchers) => matchers.length > 0, 'a silence needs at least one matcher'),
  starts_at: timestamp(),
  ends_at: timestamp(),
  comment: text().default(''),
  created_by: text().default(''),
}).superRefine(checkWindow);
export type Silence = z.output<typeof SilenceSchema>;
export type SilenceInput = z.input<typeof SilenceSchema>;

export const MaintenanceWindowSchema = section({
  services: list(text().min(1, 'expected a service name')).refine(
    (services) => services.length > 0,
    'a maintenance window needs at least one service',
  ),
  starts_at: timestamp(),
  ends_at: timestamp(),
  reason: text().default(''),
}).superRefine(checkWindow);
export type MaintenanceWindow = z.output<typeof MaintenanceWindowSchema>;

export const ThresholdRuleSchema = section({
  /** Alerts matching all of these open an incident only once... */
  matchers: matcherList().refine((matchers) => matchers.length > 0, 'a threshold needs at least one matcher'),
  /** ...at least this many of them (in one correlated group)... */
  min_alerts: count(1).default(2),
  /** ...were received within this many seconds. */
  within_s: positiveNumber().default(600),
});
export type ThresholdRule = z.output<typeof ThresholdRuleSchema>;

/** Default inhibition: a critical alert suppresses medium/low ones (vendor `warning` maps to medium) of its service. */
export const DEFAULT_INHIBIT_RULES: InhibitRule[] = [
  { source_matchers: ['severity=critical'], target_matchers: ['severity=~medium|low'], equal: ['service'] },
];

export const IncidentRulesSchema = section({
  /** Labels whose values form the group key; `...` groups by all labels. `service` and `severity` are afr's. */
  group_by: list(text().min(1, 'expected a label name')).default(['alertname', 'service']),
  /** How long a new group waits for more alerts before it opens as an incident. */
  group_wait_s: seconds().default(30),
  /** Least time between two batches of alerts attached to an open incident. */
  group_interval_s: seconds().default(300),
  /** Severities whose first alert opens the incident at once, without group_wait. */
  immediate_severities: list(SeveritySchema).default([]),
  /** Join alerts on services connected in the topology into one incident. */
  correlate_by_topology: flag().default(true),
  /** How far apart (alert start times) correlated alerts may be. */
  correlation_window_s: seconds().default(300),
  /** Largest number of dependency edges (either direction) between correlated services. */
  max_hops: count(0).default(2),
  inhibit_rules: list(InhibitRuleSchema).default(() => structuredClone(DEFAULT_INHIBIT_RULES)),
  silences: list(SilenceSchema).default([]),
  maintenance_windows: list(MaintenanceWindowSchema).default([]),
  thresholds: list(ThresholdRuleSchema).default([]),
  /** How long closed incidents, seen intake keys and fingerprints are remembered. */
  retention_s: positiveNumber().default(86_400),
  /** Most alert fingerprints remembered (oldest forgotten first). */
  max_tracked_fingerprints: count(1).default(100_000),
  /** Most intake keys remembered for deduplication (oldest forgotten first). */
  max_tracked_keys: count(1).default(100_000),
});
export type IncidentRules = z.output<typeof IncidentRulesSchema>;
export type IncidentRulesInput = z.input<typeof IncidentRulesSchema>;

/** Parses the `incidents:` section (undefined → all defaults); throws a ZodError naming the field. */
export function parseIncidentRules(input: unknown): IncidentRules {
  return IncidentRulesSchema.parse(input ?? {});
}
