import type Database from 'better-sqlite3';
import {
  type Action,
  type Finding,
  type Hypothesis,
  type IncidentReport,
  type IncidentState,
  type PhaseRecord,
  type RemediationPlan,
  transition,
} from '../../core/index.js';
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
} from '../store.js';
import {
  DuplicateIncidentError,
  IncidentNotFoundError,
  StaleStateError,
  StoreClosedError,
} from '../store-errors.js';
import {
  checkAction,
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
} from '../store-input.js';
import { summaryColumns } from '../summary-columns.js';
import { openDatabase, type SqliteStoreOptions } from './database.js';
import {
  type IncidentRow,
  incidentFromRow,
  parseJsonColumn,
  type StateHistoryRow,
  stateChangeFromRow,
} from './rows.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';
import { type StatementCache, statementCache } from './statement-cache.js';

/**
 * The embedded Store: one SQLite file in WAL mode, so `afr serve` and CLI commands can read
 * while the Commander writes. Nested domain objects are JSON columns; the columns that
 * listings filter and sort by are real columns with indexes.
 */
export class SqliteStore implements Store {
  private closed = false;
  private readonly sql: StatementCache;
  private readonly audit: SqliteAuditLog;

  private constructor(
    private readonly db: Database.Database,
    /** The database file, or `:memory:`. */
    readonly file: string,
  ) {
    this.sql = statementCache(db);
    this.audit = new SqliteAuditLog(db, this.sql);
  }

  /**
   * Opens (creating when needed) the database and brings its schema up to date.
   *
   * @example
   * const store = SqliteStore.open({ dataDir: './.afr' });
   * @throws SchemaVersionError when the database was written by a newer afr; StoreOpenError
   *   when the file cannot be opened as a database.
   */
  static open(options: SqliteStoreOptions = {}, env: NodeJS.ProcessEnv = process.env): SqliteStore {
    const { db, file } = openDatabase(options, env);
    return new SqliteStore(db, file);
  }

  async createIncident(record: IncidentRecord): Promise<void> {
    const db = this.open();
    checkIncidentRecord(record);
    db.transaction(() => {
      const inserted = this.query(
        `INSERT INTO incidents (id, alert, service, severity, priority, state, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ).run(
        record.id,
        JSON.stringify(record.alert),
        record.service,
        record.severity,
        record.priority,
        record.state,
        record.created_at,
        record.updated_at,
      );
      if (inserted.changes === 0) throw new DuplicateIncidentError(record.id);
      this.insertStateChange(record.id, null, record.state, 'created', record.created_at);
    })();
  }

  async transitionIncident(
    id: string,
    from: IncidentState,
    to: IncidentState,
    reason: string,
    at: number,
  ): Promise<void> {
    const db = this.open();
    requireId('incident id', id);
    requireState('from', from);
    requireState('to', to);
    requireString('reason', reason);
    requireFiniteNumber('at', at);
    transition(from, to);
    db.transaction(() => {
      // The WHERE on state makes the check and the write one step: no other writer can slip between.
      const updated = this.query(
        'UPDATE incidents SET state = ?, updated_at = ? WHERE id = ? AND state = ?',
      ).run(to, at, id, from);
      if (updated.changes === 0) {
        const current = this.query('SELECT state FROM incidents WHERE id = ?').get(id) as
          | { state: IncidentState }
          | undefined;
        if (!current) throw new IncidentNotFoundError(id);
        throw new StaleStateError(id, from, current.state);
      }
      this.insertStateChange(id, from, to, reason, at);
    }).immediate();
  }

  async recordPhase(incidentId: string, phase: PhaseRecord): Promise<void> {
    checkPhase(phase);
    this.requireIncident(incidentId);
    this.query(
      `INSERT INTO incident_phases (incident_id, phase, started_at, duration_ms, status, record)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(incidentId, phase.phase, phase.started_at, phase.duration_ms, phase.status, JSON.stringify(phase));
  }

  async saveFindings(incidentId: string, findings: Finding[]): Promise<void> {
    const db = this.open();
    requireObjectList('findings', findings);
    this.requireIncident(incidentId);
    db.transaction(() => {
      this.query('DELETE FROM incident_findings WHERE incident_id = ?').run(incidentId);
      const insert = this.query(
        'INSERT INTO incident_findings (incident_id, position, kind, service, finding) VALUES (?, ?, ?, ?, ?)',
      );
      findings.forEach((f, i) => {
        insert.run(incidentId, i, f.kind ?? null, f.service ?? null, JSON.stringify(f));
      });
    })();
  }

  async saveHypotheses(incidentId: string, hypotheses: Hypothesis[]): Promise<void> {
    const db = this.open();
    requireObjectList('hypotheses', hypotheses);
    this.requireIncident(incidentId);
    db.transaction(() => {
      this.query('DELETE FROM incident_hypotheses WHERE incident_id = ?').run(incidentId);
      const insert = this.query(
        'INSERT INTO incident_hypotheses (incident_id, position, service, cause, hypothesis) VALUES (?, ?, ?, ?, ?)',
      );
      hypotheses.forEach((h, i) => {
        insert.run(incidentId, i, h.service ?? null, h.cause ?? null, JSON.stringify(h));
      });
    })();
  }

  async savePlan(incidentId: string, plan: RemediationPlan | null): Promise<void> {
    checkPlan(plan);
    this.requireIncident(incidentId);
    this.query(
      `INSERT INTO incident_plans (incident_id, plan) VALUES (?, ?)
       ON CONFLICT (incident_id) DO UPDATE SET plan = excluded.plan`,
    ).run(incidentId, plan === null ? null : JSON.stringify(plan));
  }

  async saveAction(action: Action): Promise<void> {
    checkAction(action);
    this.requireIncident(action.incident_id);
    // An upsert keeps the row (and its rowid), so an updated action keeps its place in the order.
    this.query(
      `INSERT INTO actions (id, incident_id, strategy, target, status, started_at, action)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET incident_id = excluded.incident_id, strategy = excluded.strategy,
         target = excluded.target, status = excluded.status, started_at = excluded.started_at,
         action = excluded.action`,
    ).run(
      action.id,
      action.incident_id,
      action.strategy ?? null,
      action.target ?? null,
      action.status ?? null,
      action.started_at,
      JSON.stringify(action),
    );
  }

  async saveReport(report: IncidentReport): Promise<void> {
    const db = this.open();
    checkReport(report);
    const id = report.incident_id;
    this.requireIncident(id);
    const summary = summaryColumns(report);
    db.transaction(() => {
      this.query(
        `INSERT INTO incident_reports (incident_id, report) VALUES (?, ?)
         ON CONFLICT (incident_id) DO UPDATE SET report = excluded.report`,
      ).run(id, JSON.stringify(report));
      this.query(
        `UPDATE incidents SET root_cause_service = ?, cause = ?, confidence = ?, decision = ?, mttr_s = ?
         WHERE id = ?`,
      ).run(
        summary.root_cause_service,
        summary.cause,
        summary.confidence,
        summary.decision,
        summary.mttr_s,
        id,
      );
    })();
  }

  async getIncident(id: string): Promise<IncidentRecord | undefined> {
    const row = this.query('SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined;
    if (!row) return undefined;
    const { root_cause_service, cause, confidence, decision, mttr_s, ...record } = incidentFromRow(row);
    return record;
  }

  async getReport(id: string): Promise<IncidentReport | undefined> {
    const row = this.query('SELECT report FROM incident_reports WHERE incident_id = ?').get(id) as
      | { report: string }
      | undefined;
    return row ? parseJsonColumn<IncidentReport>(`incident_reports[${id}].report`, row.report) : undefined;
  }

  async getPhases(id: string): Promise<PhaseRecord[]> {
    return this.jsonColumn('incident_phases', 'record', 'incident_id = ? ORDER BY id', id);
  }

  async getFindings(id: string): Promise<Finding[]> {
    return this.jsonColumn('incident_findings', 'finding', 'incident_id = ? ORDER BY position', id);
  }

  async getHypotheses(id: string): Promise<Hypothesis[]> {
    return this.jsonColumn('incident_hypotheses', 'hypothesis', 'incident_id = ? ORDER BY position', id);
  }

  async getPlan(id: string): Promise<RemediationPlan | null | undefined> {
    const row = this.query('SELECT plan FROM incident_plans WHERE incident_id = ?').get(id) as
      | { plan: string | null }
      | undefined;
    return row ? parseJsonColumn<RemediationPlan | null>(`incident_plans[${id}].plan`, row.plan) : undefined;
  }

  async getActions(id: string): Promise<Action[]> {
    return this.jsonColumn('actions', 'action', 'incident_id = ? ORDER BY started_at, rowid', id);
  }

  async getStateHistory(id: string): Promise<StateHistoryEntry[]> {
    const rows = this.query(
      'SELECT from_state, to_state, reason, at FROM incident_state_history WHERE incident_id = ? ORDER BY id',
    ).all(id) as StateHistoryRow[];
    return rows.map(stateChangeFromRow);
  }

  async listIncidents(filter?: IncidentFilter): Promise<IncidentSummary[]> {
    const { state, service, severity, limit, offset } = checkIncidentFilter(filter);
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, value] of [
      ['state', state],
      ['service', service],
      ['severity', severity],
    ] as const) {
      if (value === undefined) continue;
      where.push(`${column} = ?`);
      params.push(value);
    }
    // LIMIT -1 is SQLite for "no limit", needed to give an OFFSET alone.
    const sql = `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?`;
    const rows = this.query(sql).all(...params, limit ?? -1, offset) as IncidentRow[];
    return rows.map(incidentFromRow);
  }

  async appendAudit(input: AuditEntryInput): Promise<AuditEntry> {
    this.open();
    return this.audit.append(input);
  }

  async listAudit(filter?: AuditFilter): Promise<AuditEntry[]> {
    this.open();
    return this.audit.list(filter);
  }

  async verifyAudit(): Promise<AuditVerification> {
    this.open();
    return this.audit.verify();
  }

  async auditHead(): Promise<AuditHead> {
    this.open();
    return this.audit.head();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private open(): Database.Database {
    if (this.closed) throw new StoreClosedError();
    return this.db;
  }

  /** The prepared statement for `sql`, refusing once the store is closed. */
  private query(sql: string): Database.Statement {
    this.open();
    return this.sql(sql);
  }

  private requireIncident(id: string): void {
    requireId('incident id', id);
    if (!this.query('SELECT 1 FROM incidents WHERE id = ?').get(id)) throw new IncidentNotFoundError(id);
  }

  private insertStateChange(
    id: string,
    from: IncidentState | null,
    to: IncidentState,
    reason: string,
    at: number,
  ) {
    this.query(
      'INSERT INTO incident_state_history (incident_id, from_state, to_state, reason, at) VALUES (?, ?, ?, ?, ?)',
    ).run(id, from, to, reason, at);
  }

  private jsonColumn<T>(table: string, column: string, condition: string, id: string): T[] {
    const rows = this.query(`SELECT ${column} AS value FROM ${table} WHERE ${condition}`).all(id) as {
      value: string;
    }[];
    return rows.map((row, i) => parseJsonColumn<T>(`${table}[${id}#${i}].${column}`, row.value));
  }
}
