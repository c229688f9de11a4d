/** Notification events with a complete, schema-valid incident report, for notifier tests. */
import { type IncidentReport, IncidentReportSchema } from '../../core/incident.js';
import type { NotificationEvent } from '../../core/ports.js';

export const ALERT_TS = 1_772_368_200;

export function reportFixture(overrides: Partial<IncidentReport> = {}): IncidentReport {
  return IncidentReportSchema.parse({
    incident_id: 'INC-42',
    alert: {
      id: 'ALERT-7',
      timestamp: ALERT_TS,
      service: 'payment-service',
      severity: 'critical',
      message: 'Database timeout - 247 failed requests',
      labels: { team: 'payments' },
    },
    priority: 1,
    state: 'awaiting_approval',
    decision: 'approve',
    decision_reason: 'confidence 0.74 below the 0.80 autonomy threshold',
    root_cause: {
      service: 'payment-service',
      cause: 'config_change',
      mechanism: 'connection_pool_exhaustion',
      probability: 0.71,
      confidence: 0.74,
    },
    hypotheses: [
      {
        rank: 1,
        service: 'payment-service',
        cause: 'config_change',
        mechanism: 'connection_pool_exhaustion',
        probability: 0.71,
        confidence: 0.74,
        evidence: [
          { agent: 'deploy', supports: true, weight: 0.8, summary: 'pool size cut 8 min before onset' },
        ],
        statement: 'config change on payment-service exhausted its DB connection pool',
      },
    ],
    blast_radius: ['checkout', 'payment-service'],
    remediation_plan: {
      strategy: 'config_revert',
      target: 'payment-service',
      predicted_success_rate: 0.9,
      risk_level: 0.2,
      estimated_duration_s: 60,
      actions: ['Revert payment-service config to v41 (60s)', 'Watch error rate for 5 min'],
      rollback_plan: ['Re-apply v42'],
    },
    actions: [],
    verification: null,
    findings: [],
    investigation_plan: {
      mode: 'parallel',
      agents: ['logs', 'metrics', 'deploy'],
      services: ['checkout', 'payment-service'],
      window: { start: ALERT_TS - 3600, end: ALERT_TS + 300 },
      baseline_end: ALERT_TS - 600,
      deadlines_ms: { logs: 1500 },
      data_sources: ['prometheus'],
      rationale: 'critical: all agents in parallel',
    },
    missing_data: [],
    phases: [],
    timings_ms: {},
    state_history: [],
    alert_to_decision_ms: 812,
    mttr_s: null,
    summary: 'config change on payment-service exhausted its DB connection pool; approval needed',
    ...overrides,
  });
}

export function eventFixture(overrides: Partial<NotificationEvent> = {}): NotificationEvent {
  const report = reportFixture();
  return {
    kind: 'approval_requested',
    incident_id: report.incident_id,
    severity: report.alert.severity,
    service: report.alert.service,
    title: `[critical] payment-service: approve`,
    text: report.summary,
    report,
    ...overrides,
  };
}

/** An audit chain head as the router stamps it on events (`afr audit verify --head 42:<hash>`). */
export const AUDIT_HEAD = {
  seq: 42,
  hash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
};
export const AUDIT_HEAD_TEXT = `42:${AUDIT_HEAD.hash}`;

export const signal = (): AbortSignal => AbortSignal.timeout(5_000);

/** Fast retries for tests. */
export const FAST = { retries: 2, retry_base_ms: 1, retry_max_ms: 20, timeout_ms: 2_000 } as const;

/** A `resolved` event: the plan was approved, applied and verified; MTTR 4 min. */
export function resolvedEventFixture(overrides: Partial<IncidentReport> = {}): NotificationEvent {
  const report = reportFixture({
    state: 'resolved',
    actions: [
      {
        id: 'ACT-1',
        incident_id: 'INC-42',
        step_id: 'step-1',
        strategy: 'config_revert',
        target: 'payment-service',
        status: 'verified',
        started_at: ALERT_TS + 120,
        finished_at: ALERT_TS + 180,
        detail: 'payment-service config v42 -> v41',
      },
    ],
    verification: {
      outcome: 'recovered',
      checked_at: ALERT_TS + 240,
      detail: 'error_rate back to baseline on payment-service',
      signals: [],
    },
    state_history: [
      { from: null, to: 'detected', reason: 'alert', at: ALERT_TS },
      { from: 'awaiting_approval', to: 'remediating', reason: 'approved by alice', at: ALERT_TS + 110 },
      { from: 'verifying', to: 'resolved', reason: 'verified: recovered', at: ALERT_TS + 240 },
    ],
    mttr_s: 240,
    ...overrides,
  });
  return eventFixture({ kind: 'resolved', title: '[critical] payment-service: approve', report });
}
