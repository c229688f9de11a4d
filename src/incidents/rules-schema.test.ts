import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { DEFAULT_INHIBIT_RULES, IncidentRulesSchema, parseIncidentRules } from './rules-schema.js';

function issues(input: unknown): Array<{ path: string; message: string }> {
  const result = IncidentRulesSchema.safeParse(input);
  if (result.success) return [];
  return (result.error as z.ZodError).issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
}

describe('IncidentRulesSchema', () => {
  it('fills every default from an empty section', () => {
    expect(parseIncidentRules(undefined)).toEqual({
      group_by: ['alertname', 'service'],
      group_wait_s: 30,
      group_interval_s: 300,
      immediate_severities: [],
      correlate_by_topology: true,
      correlation_window_s: 300,
      max_hops: 2,
      inhibit_rules: DEFAULT_INHIBIT_RULES,
      silences: [],
      maintenance_windows: [],
      thresholds: [],
      retention_s: 86_400,
      max_tracked_fingerprints: 100_000,
      max_tracked_keys: 100_000,
    });
  });

  it('accepts numbers as text (from environment variables) and ISO times', () => {
    const rules = parseIncidentRules({
      group_wait_s: '10',
      silences: [{ matchers: ['service=api'], starts_at: '2026-01-01T00:00:00Z', ends_at: 1767229200 }],
      thresholds: [{ matchers: ['alertname=Blip'] }],
    });
    expect(rules.group_wait_s).toBe(10);
    expect(rules.silences[0]).toMatchObject({ starts_at: 1767225600, ends_at: 1767229200, comment: '' });
    expect(rules.thresholds[0]).toEqual({ matchers: ['alertname=Blip'], min_alerts: 2, within_s: 600 });
  });

  it('names the field of each error', () => {
    expect(
      issues({
        group_wait_s: -1,
        max_hops: 1.5,
        immediate_severities: ['urgent'],
        inhibit_rules: [{ source_matchers: ['severity=critical', 'bad'], target_matchers: [], equal: [] }],
        silences: [{ matchers: ['a=~('], starts_at: 100, ends_at: 50 }],
        maintenance_windows: [{ services: [], starts_at: 0, ends_at: 10 }],
        thresholds: [{ matchers: ['x=y'], min_alerts: 0 }],
        typo_key: 1,
      }).map((issue) => issue.path),
    ).toEqual(
      expect.arrayContaining([
        'group_wait_s',
        'max_hops',
        'immediate_severities.0',
        'inhibit_rules.0.source_matchers.1',
        'silences.0.matchers.0',
        'maintenance_windows.0.services',
        'thresholds.0.min_alerts',
        '',
      ]),
    );
    expect(issues({ silences: [{ matchers: ['a=b'], starts_at: 100, ends_at: 50 }] })).toEqual([
      { path: 'silences.0.ends_at', message: 'must be after starts_at' },
    ]);
    expect(issues({ inhibit_rules: [{ target_matchers: ['oops'] }] })).toEqual([
      {
        path: 'inhibit_rules.0.target_matchers.0',
        message: 'invalid matcher "oops": expected label=value, label!=value, label=~regex or label!~regex',
      },
    ]);
  });
});
