/**
 * `afr override` and `afr takeover` from the command line, on a SQLite store in a temp
 * data dir: exit codes, output, audit entries, and option errors that name the option.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { incidentFixture, planFixture, T0 } from '../../store/store-fixtures.js';
import { cliIn } from '../testing/run-cli-in.js';

const dir = mkdtempSync(join(tmpdir(), 'afr-decisions-'));
const configFile = join(dir, 'config.yml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  // Connectors that need no server (the defaults read the simulator, which only afr demo runs).
  writeFileSync(
    configFile,
    'agents:\n  metrics: { backend: bundle }\n  logs: { backend: bundle }\n  deploy: { backend: bundle }\n',
  );
  const store = await openStore({ driver: 'sqlite', dataDir: dir });
  for (const id of ['INC-take', 'INC-rc', 'INC-strategy', 'INC-bad']) {
    await store.createIncident(incidentFixture({ id, state: 'detected', created_at: T0, updated_at: T0 }));
    await store.transitionIncident(id, 'detected', 'investigating', 'plan', T0);
    await store.transitionIncident(id, 'investigating', 'decided', 'approve', T0);
    await store.transitionIncident(id, 'decided', 'awaiting_approval', 'asked', T0);
    await store.savePlan(id, planFixture({ strategy: 'restart', target: 'checkout' }));
  }
  await store.close();
});

const afr = cliIn(dir, ['--config', configFile]);

async function auditOf(id: string) {
  const store = await openStore({ driver: 'sqlite', dataDir: dir });
  try {
    return await store.listAudit({ incident_id: id });
  } finally {
    await store.close();
  }
}

describe('afr takeover', () => {
  it('takes the incident over, then refuses an approval as bad input (exit 2), audited', async () => {
    const taken = await afr('takeover', 'INC-take', '--reason', 'mine now', '--as', 'erin');
    expect(taken).toMatchObject({ code: 0, out: 'INC-take: taken_over; state taken_over\n' });
    const approve = await afr('approve', 'INC-take', '--as', 'bob');
    expect(approve.code).toBe(2);
    expect(approve.err).toBe('afr: incident INC-take was taken over by a human; afr no longer acts on it\n');
    const audit = await auditOf('INC-take');
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['human_takeover', 'erin'],
      ['refused_after_takeover', 'bob'],
    ]);
    expect((await afr('takeover', 'INC-nope')).err).toMatch(/no incident INC-nope/);
  });
});

describe('afr override', () => {
  it('--root-cause: re-plans for the named root cause and records the correction', async () => {
    const result = await afr('override', 'INC-rc', '--root-cause', 'payment:config_change', '--as', 'dave');
    expect(result.code, result.err).toBe(0);
    // No actuator is configured: the new plan is not carried out, and the incident escalates.
    expect(result.out).toMatch(/^INC-rc: \w+; state escalated\n/);
    const correction = (await auditOf('INC-rc')).find((e) => e.action === 'human_override_root_cause');
    expect(correction).toMatchObject({
      actor: 'dave',
      detail: { service: 'payment', cause: 'config_change', previous_service: null, previous_cause: null },
    });
  });

  it('--strategy without --target: the plan target; the denial for want of an actuator is shown', async () => {
    const result = await afr('override', 'INC-strategy', '--strategy', 'scale_up', '--as', 'dave');
    expect(result.code, result.err).toBe(0);
    expect(result.out).toBe('INC-strategy: denied; state escalated\n');
    const overridden = (await auditOf('INC-strategy')).find((e) => e.action === 'overridden');
    expect(overridden?.detail.to).toEqual({ strategy: 'scale_up', target: 'checkout' });
  });

  it('names the option that is wrong', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--root-cause', 'payment:gremlins'],
        /^afr: --root-cause: cause: expected one of deployment_regression/,
      ],
      [['--strategy', 'reboot'], /^afr: --strategy: expected one of rollback, .*got "reboot"/],
      [['--root-cause', 'payment', '--strategy', 'restart'], /^afr: --root-cause: give either/],
      [[], /^afr: --strategy: required \(or --root-cause SERVICE\[:cause\]\)/],
    ];
    for (const [args, message] of cases) {
      const result = await afr('override', 'INC-bad', ...args);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(message);
    }
    expect(await auditOf('INC-bad')).toEqual([]);
  });
});
