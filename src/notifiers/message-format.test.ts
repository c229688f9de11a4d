import { describe, expect, it } from 'vitest';
import { formatNotification, incidentLink, plainText, truncate } from './message-format.js';
import { AUDIT_HEAD, AUDIT_HEAD_TEXT, eventFixture, reportFixture } from './testing/notification-fixtures.js';

describe('formatNotification', () => {
  it('builds title, summary, fields, plan and details from the incident report', () => {
    const message = formatNotification(eventFixture(), {
      incidentUrl: 'https://afr.example.com/i/{incident_id}',
    });
    expect(message.title).toBe('Approval requested: [critical] payment-service: approve');
    expect(message.summary).toBe(
      'Approval requested: payment-service: config change on payment-service exhausted its DB connection pool, ' +
        '74% confidence; decision: approve',
    );
    expect(message.fields).toEqual([
      { label: 'Severity', value: 'CRITICAL' },
      { label: 'Service', value: 'payment-service' },
      { label: 'Root cause', value: 'config change on payment-service exhausted its DB connection pool' },
      { label: 'Confidence', value: '74%' },
      { label: 'Decision', value: 'approve' },
      { label: 'Incident', value: 'INC-42' },
    ]);
    expect(message.plan).toEqual({
      headline: 'config revert payment-service: 90% predicted success, risk 0.20, ~60 s',
      steps: ['Revert payment-service config to v41 (60s)', 'Watch error rate for 5 min'],
      rollback: ['Re-apply v42'],
    });
    expect(message.details).toEqual([
      'Why: confidence 0.74 below the 0.80 autonomy threshold',
      'Blast radius: checkout, payment-service',
    ]);
    expect(message.link).toBe('https://afr.example.com/i/INC-42');
  });

  it('falls back to the structured root cause and to the event text without a report', () => {
    const report = reportFixture({ hypotheses: [] });
    const structured = formatNotification(eventFixture({ report }));
    expect(structured.fields[2]).toEqual({
      label: 'Root cause',
      value: 'config change on payment-service (connection pool exhaustion)',
    });

    const bare = formatNotification(
      eventFixture({
        kind: 'incident_opened',
        report: undefined,
        text: 'p99 latency 4.2 s\nsecond line',
        severity: 'weird',
      }),
    );
    expect(bare.summary).toBe('Incident opened: payment-service: p99 latency 4.2 s');
    expect(bare.fields).toEqual([
      { label: 'Severity', value: 'HIGH' },
      { label: 'Service', value: 'payment-service' },
      { label: 'Incident', value: 'INC-42' },
    ]);
    expect(bare.plan).toBeUndefined();
    expect(bare.link).toBeUndefined();
  });

  it('summarises an action and a resolution', () => {
    const action = formatNotification(
      eventFixture({
        kind: 'action_taken',
        action: {
          id: 'A1',
          incident_id: 'INC-42',
          step_id: 's1',
          strategy: 'scale_up',
          target: 'payment-service',
          status: 'failed',
          started_at: 1,
          finished_at: 2,
          detail: '',
          reason: 'quota exceeded',
        },
      }),
    );
    expect(action.summary).toBe('Action taken: payment-service: scale up payment-service: failed');
    expect(action.details).toContain('Action: scale up payment-service: failed (quota exceeded)');

    const resolved = formatNotification(
      eventFixture({
        kind: 'resolved',
        verification: {
          outcome: 'recovered',
          checked_at: 3,
          detail: 'error rate back to baseline',
          signals: [],
        },
      }),
    );
    expect(resolved.summary).toBe('Resolved: payment-service: verification recovered');
    expect(resolved.details).toContain('Verification: recovered: error rate back to baseline');
  });

  it('renders plain text with every part once', () => {
    const text = plainText(
      formatNotification(eventFixture(), { incidentUrl: 'https://afr.example.com/i/{incident_id}' }),
    );
    expect(text.split('\n').slice(0, 2)).toEqual([
      'Approval requested: [critical] payment-service: approve',
      'Approval requested: payment-service: config change on payment-service exhausted its DB connection pool, 74% confidence; decision: approve',
    ]);
    expect(text).toContain('Confidence: 74%');
    expect(text).toContain('Plan: config revert payment-service');
    expect(text).toContain('  2. Watch error rate for 5 min');
    expect(text).toContain(
      'config change on payment-service exhausted its DB connection pool; approval needed',
    );
    expect(text.endsWith('https://afr.example.com/i/INC-42')).toBe(true);
    expect(text).not.toMatch(/\n{3}/);
    expect(text).not.toContain('Audit head');
    const stamped = formatNotification(eventFixture({ audit_head: AUDIT_HEAD }));
    expect(stamped.auditHead).toBe(AUDIT_HEAD_TEXT);
    expect(plainText(stamped).endsWith(`\n\nAudit head: ${AUDIT_HEAD_TEXT}`)).toBe(true);
  });

  it('truncates with an ellipsis and encodes incident ids in links', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(incidentLink('https://x/{incident_id}?again={incident_id}', 'INC 1/2')).toBe(
      'https://x/INC%201%2F2?again=INC%201%2F2',
    );
  });
});
