import { beforeEach, describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../core/index.js';
import {
  DuplicateIncidentError,
  IncidentNotFoundError,
  InvalidStoreInputError,
  StaleStateError,
} from '../store-errors.js';
import {
  actionFixture,
  findingFixture,
  hypothesisFixture,
  incidentFixture,
  phaseFixture,
  planFixture,
  reportFixture,
  T0,
} from '../store-fixtures.js';
import type { ContractContext } from './contract-context.js';

/** Incidents, their state machine, phases, evidence, plans, actions and reports. */
export function defineIncidentContract(ctx: ContractContext): void {
  describe('incidents', () => {
    it('creates an incident and reads it back', async () => {
      const record = incidentFixture();
      await ctx.store().createIncident(record);
      expect(await ctx.store().getIncident('INC-1')).toEqual(record);
      expect(await ctx.store().getIncident('INC-404')).toBeUndefined();
    });

    it('refuses a duplicate id and keeps the first record', async () => {
      await ctx.store().createIncident(incidentFixture());
      await expect(ctx.store().createIncident(incidentFixture({ service: 'other' }))).rejects.toThrow(
        DuplicateIncidentError,
      );
      expect((await ctx.store().getIncident('INC-1'))?.service).toBe('checkout');
      expect(await ctx.store().getStateHistory('INC-1')).toHaveLength(1);
    });

    it('refuses a record with a bad field, naming it', async () => {
      const bad = { ...incidentFixture(), created_at: Number.NaN };
      await expect(ctx.store().createIncident(bad)).rejects.toThrow(InvalidStoreInputError);
      await expect(ctx.store().createIncident(bad)).rejects.toThrow(/incident\.created_at/);
      await expect(
        ctx.store().createIncident({ ...incidentFixture(), state: 'open' as never }),
      ).rejects.toThrow(/incident\.state: expected one of detected/);
      expect(await ctx.store().listIncidents()).toEqual([]);
    });

    it('does not share objects with the caller', async () => {
      const record = incidentFixture();
      await ctx.store().createIncident(record);
      record.alert.labels.alertname = 'changed';
      const read = await ctx.store().getIncident('INC-1');
      expect(read?.alert.labels.alertname).toBe('HighErrorRate');
      read!.alert.labels.alertname = 'changed again';
      expect((await ctx.store().getIncident('INC-1'))?.alert.labels.alertname).toBe('HighErrorRate');
    });
  });

  describe('transitions', () => {
    beforeEach(() => ctx.store().createIncident(incidentFixture()));

    it('moves along legal transitions and records each with its reason', async () => {
      await ctx.store().transitionIncident('INC-1', 'detected', 'investigating', 'plan ready', T0 + 1);
      await ctx.store().transitionIncident('INC-1', 'investigating', 'decided', 'root cause found', T0 + 2);
      const incident = await ctx.store().getIncident('INC-1');
      expect(incident?.state).toBe('decided');
      expect(incident?.updated_at).toBe(T0 + 2);
      expect(await ctx.store().getStateHistory('INC-1')).toEqual([
        { from: null, to: 'detected', reason: 'created', at: T0 },
        { from: 'detected', to: 'investigating', reason: 'plan ready', at: T0 + 1 },
        { from: 'investigating', to: 'decided', reason: 'root cause found', at: T0 + 2 },
      ]);
    });

    it('refuses an illegal transition and changes nothing', async () => {
      await expect(
        ctx.store().transitionIncident('INC-1', 'detected', 'resolved', 'skip', T0 + 1),
      ).rejects.toThrow(IllegalTransitionError);
      expect((await ctx.store().getIncident('INC-1'))?.state).toBe('detected');
      expect(await ctx.store().getStateHistory('INC-1')).toHaveLength(1);
    });

    it('refuses a move from a state the incident is no longer in (optimistic check)', async () => {
      await ctx.store().transitionIncident('INC-1', 'detected', 'investigating', 'first', T0 + 1);
      const stale = ctx.store().transitionIncident('INC-1', 'detected', 'failed', 'second writer', T0 + 2);
      await expect(stale).rejects.toThrow(StaleStateError);
      await expect(
        ctx.store().transitionIncident('INC-1', 'detected', 'failed', 'second writer', T0 + 2),
      ).rejects.toThrow(/is investigating, not detected/);
      expect((await ctx.store().getIncident('INC-1'))?.state).toBe('investigating');
      expect(await ctx.store().getStateHistory('INC-1')).toHaveLength(2);
    });

    it('names a missing incident', async () => {
      await expect(
        ctx.store().transitionIncident('INC-9', 'detected', 'investigating', 'x', T0),
      ).rejects.toThrow(IncidentNotFoundError);
    });
  });

  describe('phases, evidence, plans and actions', () => {
    beforeEach(() => ctx.store().createIncident(incidentFixture()));

    it('appends phases in order, a repeated phase included', async () => {
      await ctx.store().recordPhase('INC-1', phaseFixture({ phase: 'detect' }));
      await ctx
        .store()
        .recordPhase('INC-1', phaseFixture({ phase: 'act', duration_ms: 10, status: 'degraded' }));
      await ctx
        .store()
        .recordPhase('INC-1', phaseFixture({ phase: 'act', duration_ms: 20, detail: 'follow-up' }));
      const phases = await ctx.store().getPhases('INC-1');
      expect(phases.map((p) => [p.phase, p.duration_ms])).toEqual([
        ['detect', 3.5],
        ['act', 10],
        ['act', 20],
      ]);
      expect(phases[2]).toEqual(phaseFixture({ phase: 'act', duration_ms: 20, detail: 'follow-up' }));
      expect(await ctx.store().getPhases('INC-404')).toEqual([]);
    });

    it('refuses records for an incident that does not exist', async () => {
      await expect(ctx.store().recordPhase('INC-9', phaseFixture())).rejects.toThrow(IncidentNotFoundError);
      await expect(ctx.store().saveFindings('INC-9', [])).rejects.toThrow(IncidentNotFoundError);
      await expect(ctx.store().saveAction(actionFixture({ incident_id: 'INC-9' }))).rejects.toThrow(
        IncidentNotFoundError,
      );
      await expect(ctx.store().saveReport(reportFixture({ incident_id: 'INC-9' }))).rejects.toThrow(
        IncidentNotFoundError,
      );
    });

    it('refuses malformed records, naming the field, and keeps what was there', async () => {
      await ctx.store().saveFindings('INC-1', [findingFixture('F-1')]);
      await expect(
        ctx.store().recordPhase('INC-1', { ...phaseFixture(), duration_ms: 'slow' as never }),
      ).rejects.toThrow('phase.duration_ms: expected a finite number, got "slow"');
      await expect(ctx.store().saveFindings('INC-1', [findingFixture('F-2'), 7 as never])).rejects.toThrow(
        'findings[1]: expected an object, got 7',
      );
      await expect(ctx.store().saveHypotheses('INC-1', {} as never)).rejects.toThrow(
        'hypotheses: expected a list',
      );
      await expect(ctx.store().savePlan('INC-1', 'rollback' as never)).rejects.toThrow(/^plan: /);
      await expect(ctx.store().saveAction({ ...actionFixture(), id: '' })).rejects.toThrow(/^action\.id: /);
      await expect(ctx.store().saveReport(null as never)).rejects.toThrow(/^report: /);
      expect(await ctx.store().getPhases('INC-1')).toEqual([]);
      expect((await ctx.store().getFindings('INC-1')).map((f) => f.id)).toEqual(['F-1']);
    });

    it('replaces findings and hypotheses', async () => {
      await ctx.store().saveFindings('INC-1', [findingFixture('F-1'), findingFixture('F-2')]);
      await ctx.store().saveFindings('INC-1', [findingFixture('F-3', 'db')]);
      expect(await ctx.store().getFindings('INC-1')).toEqual([findingFixture('F-3', 'db')]);
      await ctx.store().saveHypotheses('INC-1', [hypothesisFixture(1), hypothesisFixture(2, 'db')]);
      await ctx.store().saveHypotheses('INC-1', [hypothesisFixture(1, 'db')]);
      expect(await ctx.store().getHypotheses('INC-1')).toEqual([hypothesisFixture(1, 'db')]);
    });

    it('saves a plan, replaces it, and tells "no plan" from "never saved"', async () => {
      expect(await ctx.store().getPlan('INC-1')).toBeUndefined();
      await ctx.store().savePlan('INC-1', planFixture());
      expect(await ctx.store().getPlan('INC-1')).toEqual(planFixture());
      await ctx.store().savePlan('INC-1', null);
      expect(await ctx.store().getPlan('INC-1')).toBeNull();
    });

    it('upserts actions by id, keeping their order', async () => {
      await ctx.store().saveAction(actionFixture({ id: 'A', started_at: T0 + 20 }));
      await ctx.store().saveAction(actionFixture({ id: 'B', started_at: T0 + 10 }));
      await ctx.store().saveAction(actionFixture({ id: 'C', started_at: T0 + 20 }));
      await ctx.store().saveAction(
        actionFixture({
          id: 'A',
          started_at: T0 + 20,
          status: 'applied',
          finished_at: T0 + 25,
          detail: 'reverted',
        }),
      );
      const actions = await ctx.store().getActions('INC-1');
      expect(actions.map((a) => `${a.id}:${a.status}`)).toEqual(['B:planned', 'A:applied', 'C:planned']);
      expect(actions[1]).toEqual(
        actionFixture({
          id: 'A',
          started_at: T0 + 20,
          status: 'applied',
          finished_at: T0 + 25,
          detail: 'reverted',
        }),
      );
    });
  });

  describe('reports', () => {
    beforeEach(() => ctx.store().createIncident(incidentFixture()));

    it('round-trips a report and fills the summary columns', async () => {
      const report = reportFixture();
      await ctx.store().saveReport(report);
      expect(await ctx.store().getReport('INC-1')).toEqual(report);
      const [summary] = await ctx.store().listIncidents();
      expect(summary).toMatchObject({
        id: 'INC-1',
        root_cause_service: 'payment',
        cause: 'config_change',
        confidence: 0.82,
        decision: 'act',
        mttr_s: 370,
      });
    });

    it('upserts: a second report replaces the first, nulls included', async () => {
      await ctx.store().saveReport(reportFixture());
      await ctx.store().saveReport(reportFixture({ root_cause: null, decision: 'escalate', mttr_s: null }));
      expect((await ctx.store().getReport('INC-1'))?.decision).toBe('escalate');
      const [summary] = await ctx.store().listIncidents();
      expect(summary).toMatchObject({
        root_cause_service: null,
        cause: null,
        confidence: null,
        mttr_s: null,
      });
      expect(summary.decision).toBe('escalate');
    });

    it('lists nulls before any report is saved', async () => {
      const [summary] = await ctx.store().listIncidents();
      expect(summary).toEqual({
        ...incidentFixture(),
        root_cause_service: null,
        cause: null,
        confidence: null,
        decision: null,
        mttr_s: null,
      });
      expect(await ctx.store().getReport('INC-1')).toBeUndefined();
    });
  });
}
