/**
 * Issue #6 "Done when": `afr demo` shows a wrong-strategy case being detected and undone.
 * On the memory leak of a bad deploy, the demo operator overrides afr's rollback with a
 * restart; the restart resets the heap (a brief recovery), the leak brings it back, afr's
 * verification finds the recovery did not hold, undoes the restart and escalates; the
 * operator then carries out afr's rollback, which resolves the incident. Asserted on the
 * audit trail and the actions, not on printed text.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliIn } from '../../src/cli/testing/run-cli-in.js';
import { DEMO_OPERATOR } from '../../src/demo/demo-operator.js';
import { runWrongStrategyCase } from '../../src/demo/run-demo.js';
import { MemoryStore } from '../../src/store/memory-store.js';

const dir = mkdtempSync(join(tmpdir(), 'afr-demo-wrong-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('afr demo: the wrong-strategy case (seed 1)', () => {
  it('detects that the restart did not hold, undoes it, escalates, then the rollback resolves', async () => {
    const store = new MemoryStore();
    const incident = await runWrongStrategyCase(1, { store }, DEMO_OPERATOR);
    expect(incident).not.toBeNull();
    const { report, proposal, truth } = incident!;
    const id = report.incident_id;
    // afr itself diagnosed the leak and proposed the rollback; it did not act on its own.
    expect(proposal).toMatchObject({ decision: 'approve', strategy: 'rollback', target: truth.service });
    expect(incident!.correct_strategy).toBe(true);

    const audit = await store.listAudit({ incident_id: id });
    const human = audit.filter((e) => e.actor === DEMO_OPERATOR.name);
    expect(human.filter((e) => e.action === 'overridden').map((e) => e.detail.to)).toEqual([
      { strategy: 'restart', target: truth.service },
      { strategy: 'rollback', target: truth.service },
    ]);
    const applied = audit.filter((e) => e.action === 'step_applied').map((e) => e.detail.strategy);
    expect(applied).toEqual(['restart', 'rollback']);

    // The restart's verification: it recovered, then the recovery was found lost, before the deadline.
    const [restartCheck, rollbackCheck] = audit.filter((e) => e.action === 'verification');
    expect(restartCheck.detail).toMatchObject({
      strategy: 'restart',
      outcome: 'regressed',
      resolution: 'not_resolved',
    });
    const recoveredAt = restartCheck.detail.recovered_at as number;
    const regressedAt = restartCheck.detail.regressed_at as number;
    expect(recoveredAt).toBeGreaterThan(alertTime(report));
    expect(regressedAt).toBeGreaterThan(recoveredAt);
    expect(regressedAt).toBeLessThan(restartCheck.at);
    expect(restartCheck.detail.regressed).toEqual([
      expect.objectContaining({ signal: `${truth.service} memory_utilization` }),
    ]);
    const memory = (
      restartCheck.detail.signals as { metric: string; recovered: boolean; after: number; baseline: number }[]
    ).find((s) => s.metric === 'memory_utilization');
    expect(memory?.recovered).toBe(false);
    expect(memory!.after).toBeGreaterThan(memory!.baseline);

    // Undone right after that verification, and escalated; then the rollback verified.
    const undo = audit.find((e) => e.action === 'step_undone');
    expect(undo?.seq).toBeGreaterThan(restartCheck.seq);
    expect(undo?.seq).toBeLessThan(rollbackCheck.seq);
    expect(rollbackCheck.detail).toMatchObject({
      strategy: 'rollback',
      outcome: 'recovered',
      resolution: 'resolved',
    });
    const moves = (await store.getStateHistory(id)).map((h) => h.to);
    expect(moves.slice(-6)).toEqual([
      'remediating',
      'verifying',
      'escalated',
      'remediating',
      'verifying',
      'resolved',
    ]);

    const actions = await store.getActions(id);
    expect(actions.map((a) => [a.strategy, a.status])).toEqual([
      ['restart', 'undone'],
      ['rollback', 'verified'],
    ]);
    expect(report.state).toBe('resolved');
    // The wrong first strategy cost time: resolved only after the restart was undone.
    expect(report.mttr_s).toBeGreaterThan(undo!.at - alertTime(report));

    // The demo's story of it, read from that audit trail.
    const [wrong, right] = incident!.execution.attempts;
    expect(wrong).toMatchObject({ strategy: 'restart', how: 'overridden', decided_by: 'demo-operator' });
    expect(wrong.undone).toHaveLength(1);
    expect(wrong.ended_as).toBe('escalated');
    expect(wrong.verifications[0].regression?.regressed_t).toBe(regressedAt - alertTime(report));
    expect(right).toMatchObject({ strategy: 'rollback', ended_as: 'resolved' });
  }, 60_000);

  it('`afr demo --scenario wrong-strategy` tells the story, and --json carries it', async () => {
    const text = await afr('demo', '--scenario', 'wrong-strategy');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/^wrong-strategy case: memory-leak-after-deploy \(restart override\)/m);
    expect(text.out).toMatch(/brief recovery: \S+ memory_utilization back near baseline/);
    expect(text.out).toMatch(
      /regression detected: not holding, drifting back towards the incident: \S+ memory_utilization/,
    );
    expect(text.out).toMatch(/restart: undone → rollback: resolved/);
    expect(text.out).toMatch(
      /^wrong strategy: restart on \S+ \(overridden by demo-operator, afr proposed rollback\); recovered briefly at t=\+\S+, regression detected at t=\+\S+;/m,
    );
    expect(text.out.trimEnd().split('\n').at(-1)).toBe(
      '1/1 scenarios correct (service and strategy); false acts: 0',
    );

    const json = await afr('demo', '--scenario', 'wrong-strategy', '--json');
    const doc = JSON.parse(json.out);
    expect(doc.summary).toEqual([
      expect.objectContaining({
        case: 'wrong-strategy',
        strategy: 'rollback',
        executed: [
          expect.objectContaining({
            strategy: 'restart',
            decided_by: 'demo-operator',
            result: 'undone',
            verification: 'regressed',
          }),
          expect.objectContaining({ strategy: 'rollback', result: 'resolved', verification: 'recovered' }),
        ],
        state: 'resolved',
      }),
    ]);
    expect(doc.incidents[0].execution.attempts[0].verifications[0].regression).toEqual(
      expect.objectContaining({ recovered_t: expect.any(Number), regressed_t: expect.any(Number) }),
    );
  }, 60_000);

  it('needs an operator: --no-approve skips the case, and a bad --approve-as is a usage error', async () => {
    const skipped = await afr('demo', '--scenario', 'wrong-strategy', '--no-approve', '--json');
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.out).incidents).toEqual([]);
    const bad = await afr('demo', '--scenario', 'wrong-strategy', '--approve-as', 'a b');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--approve-as: /);
  }, 60_000);
});

function alertTime(report: { alert: { timestamp: number } }): number {
  return report.alert.timestamp;
}

const afr = cliIn(dir);
