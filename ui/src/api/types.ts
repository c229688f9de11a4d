/**
 * The JSON the afr HTTP API (`/api/v1`) returns, typed from the domain types the server
 * itself uses, so that the UI and the server cannot drift apart silently.
 */
import type {
  Action,
  ChangeEvent,
  Finding,
  Hypothesis,
  IncidentReport,
  PhaseRecord,
  Point,
  RemediationPlan,
  Strategy,
  Topology,
} from '../../../src/core/index.js';
import type {
  AuditEntry,
  IncidentRecord,
  IncidentSummary,
  StateHistoryEntry,
} from '../../../src/store/store.js';

export type {
  Action,
  AuditEntry,
  ChangeEvent,
  Finding,
  Hypothesis,
  IncidentRecord,
  IncidentReport,
  IncidentSummary,
  PhaseRecord,
  Point,
  RemediationPlan,
  StateHistoryEntry,
  Strategy,
  Topology,
};

export type Role = 'viewer' | 'approver' | 'admin';

export interface Me {
  role: Role;
  name: string;
}

export interface IncidentList {
  incidents: IncidentSummary[];
  total: number;
}

export interface SeriesData {
  service: string;
  metric: string;
  points: Point[];
}

export interface IncidentDetail {
  incident: IncidentRecord;
  report: IncidentReport | null;
  phases: PhaseRecord[];
  findings: Finding[];
  hypotheses: Hypothesis[];
  plan: RemediationPlan | null;
  actions: Action[];
  state_history: StateHistoryEntry[];
  topology: Topology | null;
  series: SeriesData[];
  /** Why some or all series are missing (the charts then show the findings' excerpts). */
  series_error?: string | null;
  changes: ChangeEvent[];
}

export interface Insights {
  mttr: { t: number; mttr_s: number }[];
  decisions: Record<string, number>;
  root_causes: { cause: string; count: number }[];
  strategies: { strategy: string; attempts: number; successes: number }[];
  calibration: { bin_low: number; bin_high: number; predicted: number; observed: number; count: number }[];
  median_mttr_s: number | null;
}

export interface ConnectorHealth {
  id: string;
  kind: string;
  status: 'ok' | 'error' | 'absent';
  detail?: string;
}

export interface HealthReport {
  connectors: ConnectorHealth[];
  store: { driver: string; ok: boolean };
}

/** The payload of an `incident` server-sent event. */
export interface IncidentEvent {
  id: string;
  state: IncidentSummary['state'];
  updated_at: number;
}
