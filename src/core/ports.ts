/**
 * Capability interfaces (ports). Connectors implement them; `connectors/memory` holds an
 * in-memory implementation of each that tests, the simulator and bundles share.
 * Every call takes a QueryContext whose signal carries the caller's deadline, and returns
 * an Outcome instead of throwing.
 */
import type { Action, VerificationResult } from './action.js';
import type { Alert } from './alert.js';
import type { IncidentReport } from './incident.js';
import type { Outcome } from './outcome.js';
import type { PlanStep } from './remediation-plan.js';
import type { ChangeEvent, LogLevel, LogRecord, Series, Span, Topology } from './telemetry.js';
import type { TimeRange } from './time.js';
import type { Strategy } from './vocabulary.js';

export interface QueryContext {
  signal: AbortSignal;
}

/** Turns an incoming payload into Alerts (Alertmanager, PagerDuty, Datadog, ...). */
export interface AlertSource {
  readonly id: string;
  parse(body: unknown, headers: Record<string, string | undefined>): Outcome<Alert[]>;
}

export interface MetricQuery {
  /** A semantic metric name (`error_rate`, `latency_p99`, ...; see the bundle spec). */
  metric: string;
  /** Services to return; all known services when omitted. */
  services?: string[];
  range: TimeRange;
  /** Desired resolution in seconds; the source may return coarser data. */
  step_s?: number;
}

/** Range queries over semantic metrics, one series per service. */
export interface MetricsSource {
  readonly id: string;
  /** The semantic metric names this source can answer. */
  metricNames(ctx: QueryContext): Promise<Outcome<string[]>>;
  range(query: MetricQuery, ctx: QueryContext): Promise<Outcome<Series[]>>;
}

export interface LogQuery {
  range: TimeRange;
  services?: string[];
  levels?: LogLevel[];
  /** Case-insensitive substring filter. */
  text?: string;
  /** Maximum number of records; sources stop early and say so. */
  limit?: number;
}

export interface LogSource {
  readonly id: string;
  search(query: LogQuery, ctx: QueryContext): Promise<Outcome<LogRecord[]>>;
}

export interface ChangeQuery {
  range: TimeRange;
  services?: string[];
}

export interface ChangeSource {
  readonly id: string;
  changes(query: ChangeQuery, ctx: QueryContext): Promise<Outcome<ChangeEvent[]>>;
}

export interface TopologySource {
  readonly id: string;
  topology(ctx: QueryContext): Promise<Outcome<Topology>>;
}

export interface TraceQuery {
  range: TimeRange;
  services?: string[];
  limit?: number;
}

export interface TraceSource {
  readonly id: string;
  spans(query: TraceQuery, ctx: QueryContext): Promise<Outcome<Span[]>>;
}

/** What an actuator would change (a dry run), in words a human approves. */
export interface ActionPreview {
  summary: string;
  diff: string;
}

/** What an actuator changed; `undo_token` lets it reverse exactly that change. */
export interface ActionReceipt {
  detail: string;
  undo_token: unknown;
}

/** Changes the infrastructure: describe, plan (dry run), apply, undo. */
export interface Actuator {
  readonly id: string;
  /** Strategies this actuator can carry out. */
  supports(strategy: Strategy): boolean;
  /** What the target looks like now (revision, replicas, config version...). */
  describe(target: string, ctx: QueryContext): Promise<Outcome<Record<string, unknown>>>;
  plan(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionPreview>>;
  apply(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionReceipt>>;
  undo(step: PlanStep, receipt: ActionReceipt, ctx: QueryContext): Promise<Outcome<ActionReceipt>>;
}

export type NotificationKind =
  | 'incident_opened'
  | 'approval_requested'
  | 'escalated'
  | 'action_taken'
  | 'resolved'
  | 'observed';

export interface NotificationEvent {
  kind: NotificationKind;
  incident_id: string;
  severity: string;
  service: string;
  title: string;
  text: string;
  report?: IncidentReport;
  action?: Action;
  verification?: VerificationResult;
  /**
   * The audit chain head when the notification was sent (newest entry's seq and hash), so a
   * copy lives outside the store: `afr audit verify --head SEQ:HASH` checks it is still there.
   */
  audit_head?: { seq: number; hash: string };
}

export interface Notifier {
  readonly id: string;
  notify(event: NotificationEvent, ctx: QueryContext): Promise<Outcome<void>>;
}

/**
 * The incident's own clock. Live it is wall time; in the simulator, `sleep` advances the
 * simulated world, so verification deadlines pass in milliseconds of wall time.
 */
export interface Clock {
  now(): number;
  sleep(seconds: number, signal?: AbortSignal): Promise<void>;
}

/** The data ports an investigation reads. Any may be missing: that lowers confidence. */
export interface DataPorts {
  metrics?: MetricsSource;
  logs?: LogSource;
  changes?: ChangeSource;
  topology?: TopologySource;
  traces?: TraceSource;
}
