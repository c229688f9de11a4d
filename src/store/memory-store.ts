import {
  type Action,
  type Finding,
  type Hypothesis,
  type IncidentReport,
  type IncidentState,
  type PhaseRecord,
  type RemediationPlan,
  transition,
} from '../core/index.js';
import { chainAuditEntry, GENESIS_HASH, toJsonData, verifyAuditChain } from './audit-chain.js';
import type {
  AuditEntry,
  AuditEntryInput,
  AuditFilter,
  AuditHead,
  AuditVerification,
  IncidentFilter,
  IncidentRecord,
  IncidentSummary,
  StateHistoryEntry,
  Store,
} from './store.js';
import {
  DuplicateIncidentError,
  IncidentNotFoundError,
  StaleStateError,
  StoreClosedError,
} from './store-errors.js';
import {
  checkAction,
  checkAuditFilter,
  checkAuditInput,
  checkIncidentFilter,
  checkIncidentRecord,
  checkPhase,
  checkPlan,
  checkReport,
  requireFiniteNumber,
  requireId,
  requireObjectList,
  requireState,
  requireString,
} from './store-input.js';
import { summaryColumns } from './summary-columns.js';

/** One incident and everything recorded about it. */
export interface MemoryIncidentEntry {
  summary: IncidentSummary;
  history: StateHistoryEntry[];
  phases: PhaseRecord[];
  findings: Finding[];
  hypotheses: Hypothesis[];
  /** Undefined: never saved. */
  plan?: RemediationPlan | null;
  actions: Map<string, Action>;
  report?: IncidentReport;
}

/**
 * Everything a MemoryStore holds. Two stores over one data object see the same incidents,
 * like two connections to one database file; tests use that to reopen a store or to tamper
 * with the audit log the way someone with file access would.
 */
export interface MemoryStoreData {
  incidents: Map<string, MemoryIncidentEntry>;
  audit: AuditEntry[];
}

export function createMemoryStoreData(): MemoryStoreData {
  return { incidents: new Map(), audit: [] };
}

/**
 * The in-memory Store: same semantics as SqliteStore, for tests and the simulator.
 * Everything goes in and out as a JSON copy, so callers never share objects with the store
 * (and see exactly what a database would give back).
 */
export class MemoryStore implements Store {
  private closed = false;

  constructor(private readonly data: MemoryStoreData = createMemoryStoreData()) {}

  async createIncident(record: IncidentRecord): Promise<void> {
    this.assertOpen();
    checkIncidentRecord(record);
    if (this.data.incidents.has(record.id)) throw new DuplicateIncidentError(record.id);
    const copy = toJsonData(record);
    this.data.incidents.set(record.id, {
      summary: {
        ...copy,
        root_cause_service: null,
        cause: null,
        confidence: null,
        decision: null,
        mttr_s: null,
      },
      history: [{ from: null, to: record.state, reason: 'created', at: record.created_at }],
      phases: [],
      findings: [],
      hypotheses: [],
      actions: new Map(),
    });
  }

  async transitionIncident(
    id: string,
    from: IncidentState,
    to: IncidentState,
    reason: string,
    at: number,
  ): Promise<void> {
    this.assertOpen();
    requireState('from', from);
    requireState('to', to);
    requireString('reason', reason);
    requireFiniteNumber('at', at);
    transition(from, to);
    const entry = this.entry(id);
    if (entry.summary.state !== from) throw new StaleStateError(id, from, entry.summary.state);
    entry.summary.state = to;
    entry.summary.updated_at = at;
    entry.history.push({ from, to, reason, at });
  }

  async recordPhase(incidentId: string, phase: PhaseRecord): Promise<void> {
    this.assertOpen();
    checkPhase(phase);
    this.entry(incidentId).phases.push(toJsonData(phase));
  }

  async saveFindings(incidentId: string, findings: Finding[]): Promise<void> {
    this.assertOpen();
    requireObjectList('findings', findings);
    this.entry(incidentId).findings = toJsonData(findings);
  }

  async saveHypotheses(incidentId: string, hypotheses: Hypothesis[]): Promise<void> {
    this.assertOpen();
    requireObjectList('hypotheses', hypotheses);
    this.entry(incidentId).hypotheses = toJsonData(hypotheses);
  }

  async savePlan(incidentId: string, plan: RemediationPlan | null): Promise<void> {
    this.assertOpen();
    checkPlan(plan);
    this.entry(incidentId).plan = toJsonData(plan);
  }

  async saveAction(action: Action): Promise<void> {
    this.assertOpen();
    checkAction(action);
    this.entry(action.incident_id).actions.set(action.id, toJsonData(action));
  }

  async saveReport(report: IncidentReport): Promise<void> {
    this.assertOpen();
    checkReport(report);
    const entry = this.entry(report.incident_id);
    entry.report = toJsonData(report);
    Object.assign(entry.summary, summaryColumns(report));
  }

  async getIncident(id: string): Promise<IncidentRecord | undefined> {
    this.assertOpen();
    const summary = this.data.incidents.get(id)?.summary;
    if (!summary) return undefined;
    const { root_cause_service, cause, confidence, decision, mttr_s, ...record } = toJsonData(summary);
    return record;
  }

  async getReport(id: string): Promise<IncidentReport | undefined> {
    this.assertOpen();
    return toJsonData(this.data.incidents.get(id)?.report);
  }

  async getPhases(id: string): Promise<PhaseRecord[]> {
    return this.read(id, (entry) => entry.phases, []);
  }

  async getFindings(id: string): Promise<Finding[]> {
    return this.read(id, (entry) => entry.findings, []);
  }

  async getHypotheses(id: string): Promise<Hypothesis[]> {
    return this.read(id, (entry) => entry.hypotheses, []);
  }

  async getPlan(id: string): Promise<RemediationPlan | null | undefined> {
    return this.read(id, (entry) => entry.plan, undefined);
  }

  async getActions(id: string): Promise<Action[]> {
    // Array.sort is stable, so equal start times keep the order the actions were first saved.
    return this.read(
      id,
      (entry) => [...entry.actions.values()].sort((a, b) => a.started_at - b.started_at),
      [],
    );
  }

  async getStateHistory(id: string): Promise<StateHistoryEntry[]> {
    return this.read(id, (entry) => entry.history, []);
  }

  async listIncidents(filter?: IncidentFilter): Promise<IncidentSummary[]> {
    this.assertOpen();
    const { state, service, severity, limit, offset } = checkIncidentFilter(filter);
    const matching = [...this.data.incidents.values()]
      .map((entry) => entry.summary)
      .filter(
        (s) =>
          (state === undefined || s.state === state) &&
          (service === undefined || s.service === service) &&
          (severity === undefined || s.severity === severity),
      )
      // Map order is creation order; reversing first makes ties come out newest-created first.
      .reverse()
      .sort((a, b) => b.created_at - a.created_at);
    return toJsonData(matching.slice(offset, limit === undefined ? undefined : offset + limit));
  }

  async appendAudit(input: AuditEntryInput): Promise<AuditEntry> {
    this.assertOpen();
    checkAuditInput(input);
    const audit = this.data.audit;
    const entry = chainAuditEntry(audit[audit.length - 1], input);
    audit.push(entry);
    return { ...entry, detail: toJsonData(entry.detail) };
  }

  async listAudit(filter?: AuditFilter): Promise<AuditEntry[]> {
    this.assertOpen();
    const { incident_id, limit, after_seq } = checkAuditFilter(filter);
    const matching = this.data.audit.filter(
      (e) =>
        (incident_id === undefined || e.incident_id === incident_id) &&
        (after_seq === undefined || e.seq > after_seq),
    );
    return toJsonData(limit === undefined ? matching : matching.slice(0, limit));
  }

  async verifyAudit(): Promise<AuditVerification> {
    this.assertOpen();
    return verifyAuditChain(this.data.audit);
  }

  async auditHead(): Promise<AuditHead> {
    this.assertOpen();
    const newest = this.data.audit.at(-1);
    return newest ? { seq: newest.seq, hash: newest.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private entry(id: string): MemoryIncidentEntry {
    const entry = this.data.incidents.get(requireId('incident id', id));
    if (!entry) throw new IncidentNotFoundError(id);
    return entry;
  }

  private read<T, D>(id: string, pick: (entry: MemoryIncidentEntry) => T, missing: D): T | D {
    this.assertOpen();
    const entry = this.data.incidents.get(id);
    return entry ? toJsonData(pick(entry)) : missing;
  }
}
