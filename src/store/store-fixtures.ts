/**
 * Small valid domain objects for store tests (contract and implementations). Each builder
 * takes overrides, so a test states only what it is about.
 */
import type {
  Action,
  Alert,
  Finding,
  Hypothesis,
  IncidentReport,
  PhaseRecord,
  RemediationPlan,
} from '../core/index.js';
import { alertHeadline } from '../core/index.js';
import type { IncidentRecord } from './store.js';

export const T0 = 1_772_368_200;

export function alertFixture(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'ALERT-1',
    timestamp: T0,
    service: 'checkout',
    severity: 'critical',
    message: 'Error rate above 5% for 2m',
    labels: { alertname: 'HighErrorRate' },
    annotations: {},
    status: 'firing',
    source: 'alertmanager',
    ...overrides,
  };
}

export function incidentFixture(overrides: Partial<IncidentRecord> = {}): IncidentRecord {
  const alert = alertFixture({ service: overrides.service ?? 'checkout' });
  return {
    id: 'INC-1',
    alert,
    service: alert.service,
    severity: 'critical',
    priority: 1,
    state: 'detected',
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

export function phaseFixture(overrides: Partial<PhaseRecord> = {}): PhaseRecord {
  return { phase: 'detect', started_at: T0, duration_ms: 3.5, status: 'ok', detail: '', ...overrides };
}

export function findingFixture(id: string, service = 'payment'): Finding {
  return {
    id,
    agent: 'logs',
    service,
    summary: `pool exhausted on ${service}`,
    strength: 0.9,
    kind: 'log_pattern',
    template: 'connection pool exhausted after <*> ms',
    level: 'error',
    count: 247,
    baseline_count: 0,
    first_seen: T0 - 120,
    last_seen: T0,
    novel: true,
    signature: 'connection_pool_exhaustion',
    mentions: [],
    examples: ['connection pool exhausted after 3000 ms'],
  };
}

export function hypothesisFixture(rank: number, service = 'payment'): Hypothesis {
  return {
    rank,
    service,
    cause: 'config_change',
    mechanism: 'connection_pool_exhaustion',
    probability: 0.7,
    confidence: 0.82,
    evidence: [{ agent: 'deploy', supports: true, weight: 0.8, summary: 'pool size cut 8 min before onset' }],
  };
}

export function planFixture(overrides: Partial<RemediationPlan> = {}): RemediationPlan {
  return {
    strategy: 'config_revert',
    target: 'payment',
    predicted_success_rate: 0.9,
    risk_level: 0.2,
    estimated_duration_s: 60,
    actions: ['Revert payment config to v41 (60s)'],
    rollback_plan: ['Re-apply v42'],
    steps: [],
    rationale: 'the config change explains the pool exhaustion',
    alternatives: [],
    ...overrides,
  };
}

export function actionFixture(overrides: Partial<Action> = {}): Action {
  return {
    id: 'ACT-1',
    incident_id: 'INC-1',
    step_id: 'step-1',
    strategy: 'config_revert',
    target: 'payment',
    status: 'planned',
    started_at: T0 + 10,
    finished_at: null,
    detail: '',
    undo_token: { revision: 41 },
    ...overrides,
  };
}

export function reportFixture(overrides: Partial<IncidentReport> = {}): IncidentReport {
  const alert = alertFixture();
  return {
    incident_id: 'INC-1',
    alert: alertHeadline(alert),
    priority: 1,
    state: 'resolved',
    decision: 'act',
    decision_reason: 'confidence 0.82 above 0.80',
    root_cause: {
      service: 'payment',
      cause: 'config_change',
      mechanism: 'connection_pool_exhaustion',
      probability: 0.7,
      confidence: 0.82,
    },
    hypotheses: [hypothesisFixture(1)],
    blast_radius: ['checkout', 'payment'],
    at_risk: [],
    remediation_plan: planFixture(),
    actions: [actionFixture({ status: 'verified', finished_at: T0 + 70 })],
    verification: {
      outcome: 'recovered',
      checked_at: T0 + 300,
      detail: 'error rate back to baseline',
      signals: [],
    },
    findings: [findingFixture('F-1')],
    investigation_plan: {
      mode: 'parallel',
      agents: ['logs', 'metrics', 'deploy'],
      services: ['checkout', 'payment'],
      window: { start: T0 - 3600, end: T0 + 300 },
      baseline_end: T0 - 600,
      deadlines_ms: { logs: 1500 },
      data_sources: ['bundle'],
      rationale: 'critical: all agents in parallel',
    },
    missing_data: [],
    phases: [phaseFixture()],
    timings_ms: { detect: 3.5 },
    state_history: [{ from: null, to: 'detected', at: T0, reason: 'created' }],
    alert_to_decision_ms: 812,
    mttr_s: 370,
    summary: 'payment config change exhausted its DB pool; reverted',
    ...overrides,
  };
}
