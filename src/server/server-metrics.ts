/**
 * afr's own Prometheus metrics (`GET /metrics`): HTTP RED by route, alerts received by
 * source and result, queue depths, phase latencies and decisions by kind.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export class ServerMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'afr_http_requests_total',
    help: 'HTTP requests by route, method and status code.',
    labelNames: ['route', 'method', 'code'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'afr_http_request_duration_seconds',
    help: 'HTTP request latency by route.',
    labelNames: ['route', 'method'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly alertsReceived = new Counter({
    name: 'afr_alerts_received_total',
    help: 'Alerts received by webhook source and result (new, duplicate, rejected).',
    labelNames: ['source', 'result'] as const,
    registers: [this.registry],
  });
  readonly pendingAlerts = new Gauge({
    name: 'afr_intake_pending_alerts',
    help: 'Journaled alerts not yet grouped into incidents (last grouping pass).',
    registers: [this.registry],
  });
  readonly incidentsInFlight = new Gauge({
    name: 'afr_incidents_in_flight',
    help: 'Incidents this replica is investigating or remediating now.',
    registers: [this.registry],
  });
  readonly groupingDecisions = new Counter({
    name: 'afr_grouping_decisions_total',
    help: 'Incident-manager decisions by kind (open, attach, suppress, resolve_candidate) and reason.',
    labelNames: ['kind', 'reason'] as const,
    registers: [this.registry],
  });
  readonly phaseDuration = new Histogram({
    name: 'afr_phase_duration_seconds',
    help: 'Duration of each Commander phase.',
    labelNames: ['phase'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120, 600],
    registers: [this.registry],
  });
  readonly alertToDecision = new Histogram({
    name: 'afr_alert_to_decision_seconds',
    help: 'Time from the webhook arriving to the decision.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
    registers: [this.registry],
  });
  readonly decisions = new Counter({
    name: 'afr_decisions_total',
    help: 'Decisions by kind (act, approve, escalate, observe).',
    labelNames: ['decision'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'afr_' });
  }
}
