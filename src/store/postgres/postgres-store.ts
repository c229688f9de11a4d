/**
 * The Store on PostgreSQL, for several `afr serve` replicas sharing one database. Same
 * semantics and errors as SqliteStore; nested domain objects are JSONB columns, the columns
 * listings filter and sort by are real columns with indexes.
 */
import type pg from 'pg';
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
import { openPostgres, type PostgresOptions, type SharedPool } from './connection.js';
import { PostgresAuditLog } from './postgres-audit-log.js';
import { INCIDENT_COLUMNS, type IncidentRow, incidentFromRow } from './rows.js';
import { inputError, inTransaction, json, type Queryable } from './sql.js';

export class PostgresStore implements Store {
  private closed = false;
  private readonly audit: PostgresAuditLog;

  /** A store on a pool that is already open and migrated (see `openPostgres`); retains it. */
  constructor(private readonly shared: SharedPool) {
    shared.retain();
    this.audit = new PostgresAuditLog(shared.pool);
  }

  /**
   * Connects, creates the schema when missing and brings it up to date.
   *
   * @example
   * const store = await PostgresStore.open({ url: 'postgres://afr@db:5432/afr', schema: 'afr' });
   * @throws StoreOpenError when the database cannot be reached; SchemaVersionError when the
   *   schema was written by a newer afr.
   */
  static async open(options: PostgresOptions): Promise<PostgresStore> {
    return new PostgresStore(await openPostgres(options));
  }

  /** Where the store is, for messages (no password). */
  get target(): string {
    return this.shared.target;
  }

  async createIncident(record: IncidentRecord): Promise<void> {
    const pool = this.open();
    checkIncidentRecord(record);
    await inTransaction(pool, async (client) => {
      const inserted = await client
        .query(
          `INSERT INTO incidents (id, alert, service, severity, priority, state, created_at, updated_at)
           VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
          [
            record.id,
            json(record.alert),
            record.service,
            record.severity,
            record.priority,
            record.state,
            record.created_at,
            record.updated_at,
          ],
        )
        .catch((error) => inputError('incident', error));
      if (inserted.rowCount === 0) throw new DuplicateIncidentError(record.id);
      await insertStateChange(client, record.id, null, record.state, 'created', record.created_at);
    });
  }

  async transitionIncident(
    id: string,
    from: IncidentState,
    to: IncidentState,
    reason: string,
    at: number,
  ): Promise<void> {
    const pool = this.open();
    requireId('incident id', id);
    requireState('from', from);
    requireState('to', to);
    requireString('reason', reason);
    requireFiniteNumber('at', at);
    transition(from, to);
    await inTransaction(pool, async (client) => {
      // The WHERE on state makes the check and the write one step: a racing replica's UPDATE
      // waits for this row lock and then finds the state changed.
      const updated = await client.query(
        'UPDATE incidents SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4',
        [to, at, id, from],
      );
      if (updated.rowCount === 0) {
        const current = await client.query<{ state: IncidentState }>(
          'SELECT state FROM incidents WHERE id = $1',
          [id],
        );
        if (current.rows.length === 0) throw new IncidentNotFoundError(id);
        throw new StaleStateError(id, from, current.rows[0].state);
      }
      await insertStateChange(client, id, from, to, reason, at);
    });
  }

  async recordPhase(incidentId: string, phase: PhaseRecord): Promise<void> {
    checkPhase(phase);
    await this.requireIncident(incidentId);
    await this.query(
      `INSERT INTO incident_phases (incident_id, phase, started_at, duration_ms, status, record)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [incidentId, phase.phase, phase.started_at, phase.duration_ms, phase.status, json(phase)],
      'phase',
    );
  }

  async saveFindings(incidentId: string, findings: Finding[]): Promise<void> {
    requireObjectList('findings', findings);
    await this.replaceList(
      incidentId,
      `INSERT INTO incident_findings (incident_id, position, kind, service, finding)
       SELECT $1, ord - 1, item->>'kind', item->>'service', item
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS items (item, ord)`,
      'incident_findings',
      findings,
      'findings',
    );
  }

  async saveHypotheses(incidentId: string, hypotheses: Hypothesis[]): Promise<void> {
    requireObjectList('hypotheses', hypotheses);
    await this.replaceList(
      incidentId,
      `INSERT INTO incident_hypotheses (incident_id, position, service, cause, hypothesis)
       SELECT $1, ord - 1, item->>'service', item->>'cause', item
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS items (item, ord)`,
      'incident_hypotheses',
      hypotheses,
      'hypotheses',
    );
  }

  async savePlan(incidentId: string, plan: RemediationPlan | null): Promise<void> {
    checkPlan(plan);
    await this.requireIncident(incidentId);
    await this.query(
      `INSERT INTO incident_plans (incident_id, plan) VALUES ($1, $2::jsonb)
       ON CONFLICT (incident_id) DO UPDATE SET plan = excluded.plan`,
      [incidentId, plan === null ? null : json(plan)],
      'plan',
    );
  }

  async saveAction(action: Action): Promise<void> {
    checkAction(action);
    await this.requireIncident(action.incident_id);
    // The upsert keeps the row and its `ord`, so an updated action keeps its place in the order.
    await this.query(
      `INSERT INTO actions (id, incident_id, strategy, target, status, started_at, action)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (id) DO UPDATE SET incident_id = excluded.incident_id, strategy = excluded.strategy,
         target = excluded.target, status = excluded.status, started_at = excluded.started_at,
         action = excluded.action`,
      [
        action.id,
        action.incident_id,
        action.strategy ?? null,
        action.target ?? null,
        action.status ?? null,
        action.started_at,
        json(action),
      ],
      'action',
    );
  }

  async saveReport(report: IncidentReport): Promise<void> {
    const pool = this.open();
    checkReport(report);
    const id = report.incident_id;
    await this.requireIncident(id);
    const summary = summaryColumns(report);
    await inTransaction(pool, async (client) => {
      await client
        .query(
          `INSERT INTO incident_reports (incident_id, report) VALUES ($1, $2::jsonb)
           ON CONFLICT (incident_id) DO UPDATE SET report = excluded.report`,
          [id, json(report)],
        )
        .catch((error) => inputError('report', error));
      await client.query(
        `UPDATE incidents SET root_cause_service = $1, cause = $2, confidence = $3, decision = $4, mttr_s = $5
         WHERE id = $6`,
        [summary.root_cause_service, summary.cause, summary.confidence, summary.decision, summary.mttr_s, id],
      );
    });
  }

  async getIncident(id: string): Promise<IncidentRecord | undefined> {
    const rows = await this.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1`, [
      id,
    ]);
    if (rows.length === 0) return undefined;
    const { root_cause_service, cause, confidence, decision, mttr_s, ...record } = incidentFromRow(rows[0]);
    return record;
  }

  async getReport(id: string): Promise<IncidentReport | undefined> {
    const rows = await this.query<{ report: IncidentReport }>(
      'SELECT report FROM incident_reports WHERE incident_id = $1',
      [id],
    );
    return rows[0]?.report;
  }

  async getPhases(id: string): Promise<PhaseRecord[]> {
    return this.jsonColumn(
      'SELECT record AS value FROM incident_phases WHERE incident_id = $1 ORDER BY id',
      id,
    );
  }

  async getFindings(id: string): Promise<Finding[]> {
    return this.jsonColumn(
      'SELECT finding AS value FROM incident_findings WHERE incident_id = $1 ORDER BY position',
      id,
    );
  }

  async getHypotheses(id: string): Promise<Hypothesis[]> {
    return this.jsonColumn(
      'SELECT hypothesis AS value FROM incident_hypotheses WHERE incident_id = $1 ORDER BY position',
      id,
    );
  }

  async getPlan(id: string): Promise<RemediationPlan | null | undefined> {
    const rows = await this.query<{ plan: RemediationPlan | null }>(
      'SELECT plan FROM incident_plans WHERE incident_id = $1',
      [id],
    );
    return rows.length === 0 ? undefined : rows[0].plan;
  }

  async getActions(id: string): Promise<Action[]> {
    return this.jsonColumn(
      'SELECT action AS value FROM actions WHERE incident_id = $1 ORDER BY started_at, ord',
      id,
    );
  }

  async getStateHistory(id: string): Promise<StateHistoryEntry[]> {
    return this.query<StateHistoryEntry>(
      `SELECT from_state AS "from", to_state AS "to", reason, at FROM incident_state_history
       WHERE incident_id = $1 ORDER BY id`,
      [id],
    );
  }

  async listIncidents(filter?: IncidentFilter): Promise<IncidentSummary[]> {
    const { state, service, severity, limit, offset } = checkIncidentFilter(filter);
    // A NULL filter value matches everything; LIMIT NULL is "no limit".
    const rows = await this.query<IncidentRow>(
      `SELECT ${INCIDENT_COLUMNS} FROM incidents
       WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR service = $2)
         AND ($3::text IS NULL OR severity = $3)
       ORDER BY created_at DESC, ord DESC LIMIT $4 OFFSET $5`,
      [state ?? null, service ?? null, severity ?? null, limit ?? null, offset],
    );
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

  /** Ends the pool once the Coordination sharing it (if any) is closed too. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.shared.release();
  }

  private open(): pg.Pool {
    if (this.closed) throw new StoreClosedError();
    return this.shared.pool;
  }

  private async query<R extends pg.QueryResultRow>(
    sql: string,
    params: unknown[],
    field?: string,
  ): Promise<R[]> {
    const pool = this.open();
    try {
      return (await pool.query<R>(sql, params)).rows;
    } catch (error) {
      return field ? inputError(field, error) : Promise.reject(error);
    }
  }

  private async requireIncident(id: string, client: Queryable = this.open()): Promise<void> {
    requireId('incident id', id);
    const found = await client.query('SELECT 1 FROM incidents WHERE id = $1', [id]);
    if (found.rowCount === 0) throw new IncidentNotFoundError(id);
  }

  /** Replaces an incident's rows in `table` with `items`, in one transaction. */
  private async replaceList(
    incidentId: string,
    insert: string,
    table: string,
    items: object[],
    field: string,
  ): Promise<void> {
    const pool = this.open();
    requireId('incident id', incidentId);
    await inTransaction(pool, async (client) => {
      await this.requireIncident(incidentId, client);
      await client.query(`DELETE FROM ${table} WHERE incident_id = $1`, [incidentId]);
      await client.query(insert, [incidentId, json(items)]).catch((error) => inputError(field, error));
    });
  }

  private async jsonColumn<T>(sql: string, id: string): Promise<T[]> {
    return (await this.query<{ value: T }>(sql, [id])).map((row) => row.value);
  }
}

function insertStateChange(
  client: Queryable,
  id: string,
  from: IncidentState | null,
  to: IncidentState,
  reason: string,
  at: number,
): Promise<unknown> {
  return client.query(
    'INSERT INTO incident_state_history (incident_id, from_state, to_state, reason, at) VALUES ($1, $2, $3, $4, $5)',
    [id, from, to, reason, at],
  );
}
