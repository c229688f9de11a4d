import type {
  Action,
  Alert,
  Finding,
  Hypothesis,
  IncidentReport,
  IncidentState,
  PhaseRecord,
  RemediationPlan,
  Severity,
} from '../core/index.js';

/** The incident row the Commander keeps while it works; the report comes at the end. */
export interface IncidentRecord {
  id: string;
  alert: Alert;
  service: string;
  severity: Severity;
  priority: number;
  state: IncidentState;
  created_at: number;
  updated_at: number;
}

/** An incident as listings show it: the record plus the headline of its report (null until saved). */
export interface IncidentSummary extends IncidentRecord {
  root_cause_service: string | null;
  cause: string | null;
  confidence: number | null;
  decision: string | null;
  mttr_s: number | null;
}

export interface IncidentFilter {
  state?: IncidentState;
  service?: string;
  severity?: Severity;
  /** Non-negative integer; all matching incidents when omitted. */
  limit?: number;
  /** Non-negative integer; 0 when omitted. */
  offset?: number;
}

export interface AuditEntryInput {
  /** Null for entries about the system rather than one incident (config, kill switch...). */
  incident_id: string | null;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  at: number;
}

/** An audit entry as stored: numbered from 1 and chained to its predecessor by hash. */
export interface AuditEntry extends AuditEntryInput {
  seq: number;
  prev_hash: string;
  hash: string;
}

/**
 * The newest entry's seq and hash: `afr serve` writes it to the service log and every
 * notification carries it, so a copy lives outside the store. `{seq: 0, hash: GENESIS_HASH}`
 * for an empty log.
 */
export interface AuditHead {
  seq: number;
  hash: string;
}

export type AuditVerification =
  | { ok: true; entries: number; head: string }
  | { ok: false; seq: number; reason: string };

export interface AuditFilter {
  incident_id?: string;
  limit?: number;
  /** Only entries with a larger seq: lets a reader page or tail the log. */
  after_seq?: number;
}

export interface StateHistoryEntry {
  /** Null on the first entry, written when the incident was created. */
  from: IncidentState | null;
  to: IncidentState;
  reason: string;
  at: number;
}

/**
 * Where incidents, their phases, evidence, plans, actions, reports and the audit log live.
 * Async so that a networked database (PostgreSQL) can sit behind the same interface.
 * Errors are the classes of `store-errors.ts`.
 */
export interface Store {
  /** Refuses a duplicate id (DuplicateIncidentError); writes the first state-history entry. */
  createIncident(record: IncidentRecord): Promise<void>;
  /**
   * Validates with core `transition()` (illegal → IllegalTransitionError), checks the current
   * state equals `from` (optimistic; StaleStateError otherwise), persists state + a state-history row.
   */
  transitionIncident(
    id: string,
    from: IncidentState,
    to: IncidentState,
    reason: string,
    at: number,
  ): Promise<void>;
  /** Appends: a phase that runs twice (a follow-up remediation) is recorded twice. */
  recordPhase(incidentId: string, phase: PhaseRecord): Promise<void>;
  /** Replaces the incident's findings. */
  saveFindings(incidentId: string, findings: Finding[]): Promise<void>;
  /** Replaces the incident's hypotheses. */
  saveHypotheses(incidentId: string, hypotheses: Hypothesis[]): Promise<void>;
  /** Replaces the incident's plan; null records that there is none. */
  savePlan(incidentId: string, plan: RemediationPlan | null): Promise<void>;
  /** Upsert by `action.id`. */
  saveAction(action: Action): Promise<void>;
  /** Upsert by `report.incident_id`; also updates the summary columns listings show. */
  saveReport(report: IncidentReport): Promise<void>;
  getIncident(id: string): Promise<IncidentRecord | undefined>;
  getReport(id: string): Promise<IncidentReport | undefined>;
  /** In the order recorded. */
  getPhases(id: string): Promise<PhaseRecord[]>;
  /** In the order saved (an upsert keeps its place). */
  getFindings(id: string): Promise<Finding[]>;
  getHypotheses(id: string): Promise<Hypothesis[]>;
  /** Undefined when never saved, null when saved as "no plan". */
  getPlan(id: string): Promise<RemediationPlan | null | undefined>;
  /** By `started_at`, then in the order first saved. */
  getActions(id: string): Promise<Action[]>;
  /** Oldest first, starting with the creation entry. */
  getStateHistory(id: string): Promise<StateHistoryEntry[]>;
  /** Newest first (by created_at, then most recently created). */
  listIncidents(filter?: IncidentFilter): Promise<IncidentSummary[]>;
  /** Assigns the next seq and chains the entry to the previous one. */
  appendAudit(entry: AuditEntryInput): Promise<AuditEntry>;
  /** Oldest first. */
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;
  /** Detects an edited, deleted or reordered entry, naming the first bad seq. */
  verifyAudit(): Promise<AuditVerification>;
  /** The newest entry's seq and hash (seq 0 and the genesis hash when the log is empty). */
  auditHead(): Promise<AuditHead>;
  /** Idempotent; any other call afterwards rejects with StoreClosedError. */
  close(): Promise<void>;
}
