import { describe, expect, it } from 'vitest';
import { createSimWorld, type ScenarioName, type SimWorld } from '../index.js';

const SEEDS = [1, 2, 3];

function atAlert(scenario: ScenarioName, seed: number) {
  const world = createSimWorld({ scenario, seed });
  const alert = world.runUntilAlert();
  if (!alert) throw new Error(`${scenario}/${seed}: no alert`);
  world.advance(300);
  return { world, alert };
}

function values(world: SimWorld, metric: string, service: string, from: number, to: number): number[] {
  return world.store.points(metric, service, { start: from, end: to }).map((p) => p[1]);
}

/** The exception line of an error message, numbers masked (Python puts it last). */
function signature(message: string): string {
  const line = message.split('\n').find((l) => /Exception|Error:|panic:/.test(l)) ?? message.split('\n')[0];
  return line.replace(/\d+/g, '#');
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function logsOf(world: SimWorld, service: string, from: number) {
  return world.store.logs.filter((l) => l.service === service && l.timestamp >= from);
}

function callersOf(world: SimWorld, service: string): string[] {
  return world.topology.dependencies.filter((d) => d.to === service).map((d) => d.from);
}

describe('fault scenarios', () => {
  for (const seed of SEEDS) {
    it(`db-connection-exhaustion (seed ${seed}): config change, pool pinned at max, pool timeouts`, () => {
      const { world, alert } = atAlert('db-connection-exhaustion', seed);
      const target = world.truth.service as string;
      const change = world.store.changes.find(
        (c) => c.service === target && c.kind === 'config' && c.timestamp === world.onset,
      );
      expect(change?.description).toMatch(/^db\.pool\.max_size \d+ -> \d+$/);
      const late = [alert.timestamp + 120, alert.timestamp + 300] as const;
      const used = values(world, 'db_connections_used', target, ...late);
      const max = values(world, 'db_connections_max', target, ...late);
      expect(mean(used.map((u, i) => u / max[i]))).toBeGreaterThan(0.95);
      expect(mean(max)).toBeLessThan(
        mean(values(world, 'db_connections_max', target, world.start, world.onset)),
      );
      expect(
        logsOf(world, target, world.onset).some((l) =>
          /Connection is not available|QueuePool limit|Timeout acquiring a connection|failed to acquire connection/.test(
            l.message,
          ),
        ),
      ).toBe(true);
      expect(world.truth).toMatchObject({
        cause: 'config_change',
        mechanism: 'connection_pool_exhaustion',
        remediation: 'config_revert',
      });
    });

    it(`memory-leak-after-deploy (seed ${seed}): deploy, memory climbs, OOM kills and restarts`, () => {
      const { world } = atAlert('memory-leak-after-deploy', seed);
      const target = world.truth.service as string;
      expect(
        world.store.changes.some(
          (c) => c.service === target && c.kind === 'deploy' && c.timestamp === world.onset,
        ),
      ).toBe(true);
      const memory = values(world, 'memory', target, world.onset + 60, world.onset + 360);
      const limit = values(world, 'memory_limit', target, world.onset, world.onset + 60)[0];
      const slopePerMin = (memory[memory.length - 1] - memory[0]) / limit / 5;
      expect(slopePerMin).toBeGreaterThan(0.015);
      world.advance(1800);
      const restarts = values(world, 'restarts', target, world.onset, world.now());
      expect(restarts[restarts.length - 1]).toBeGreaterThan(restarts[0]);
      expect(logsOf(world, target, world.onset).some((l) => /OOMKilled/.test(l.message))).toBe(true);
      expect(Math.max(...values(world, 'gc_pause', target, world.onset, world.now()))).toBeGreaterThan(0.1);
    });

    it(`cascading-upstream-failure (seed ${seed}): callers of the provider degrade, no change`, () => {
      const { world, alert } = atAlert('cascading-upstream-failure', seed);
      const provider = world.truth.service as string;
      expect(world.topology.services.find((s) => s.name === provider)?.tier).toBe('external');
      const callers = callersOf(world, provider);
      const caller = callers[0];
      const before = mean(values(world, 'error_rate', caller, world.onset - 1200, world.onset));
      const after = mean(values(world, 'error_rate', caller, alert.timestamp - 60, alert.timestamp + 120));
      expect(after).toBeGreaterThan(before + 0.1);
      expect(
        logsOf(world, caller, world.onset).some((l) => l.level === 'error' && l.message.includes(provider)),
      ).toBe(true);
      const related = world.store.changes.filter(
        (c) => [provider, ...callers].includes(c.service) && Math.abs(c.timestamp - world.onset) < 600,
      );
      expect(related).toEqual([]);
    });

    it(`bad-deploy-error-spike (seed ${seed}): error jump right after the deploy with a novel exception`, () => {
      const { world } = atAlert('bad-deploy-error-spike', seed);
      const target = world.truth.service as string;
      const deploy = world.store.changes.find(
        (c) => c.service === target && c.kind === 'deploy' && c.timestamp === world.onset,
      );
      expect(deploy?.version).toBeTruthy();
      const before = mean(values(world, 'error_rate', target, world.onset - 1800, world.onset));
      const after = mean(values(world, 'error_rate', target, world.onset + 30, world.onset + 300));
      expect(after).toBeGreaterThan(0.08);
      expect(before).toBeLessThan(0.02);
      const errors = (from: number, to: number) =>
        new Set(
          world.store.logs
            .filter(
              (l) => l.service === target && l.level === 'error' && l.timestamp >= from && l.timestamp < to,
            )
            .map((l) => signature(l.message)),
        );
      const novel = [...errors(world.onset, world.now())].filter(
        (m) => !errors(world.start, world.onset).has(m),
      );
      expect(novel.some((m) => /Exception|Error|panic/.test(m))).toBe(true);
      expect(after).toBeGreaterThan(before * 4);
    });

    it(`traffic-surge-cpu-saturation (seed ${seed}): traffic up 2-4x, the target's CPU saturates`, () => {
      const { world, alert } = atAlert('traffic-surge-cpu-saturation', seed);
      const target = world.truth.service as string;
      const entry = 'web-frontend';
      const ratio =
        mean(values(world, 'rps', entry, alert.timestamp, alert.timestamp + 300)) /
        mean(values(world, 'rps', entry, world.start, world.onset));
      expect(ratio).toBeGreaterThan(1.6);
      expect(mean(values(world, 'cpu', target, alert.timestamp, alert.timestamp + 300))).toBeGreaterThan(0.9);
      expect(
        world.store.changes.some(
          (c) => c.kind === 'deploy' && c.service === target && Math.abs(c.timestamp - world.onset) < 600,
        ),
      ).toBe(false);
    });

    it(`disk-full-database (seed ${seed}): disk near full, writes fail, callers error`, () => {
      const { world } = atAlert('disk-full-database', seed);
      const db = world.truth.service as string;
      world.advance(600);
      expect(Math.max(...values(world, 'disk_used', db, world.onset, world.now()))).toBeGreaterThan(0.98);
      expect(logsOf(world, db, world.onset).some((l) => l.message.includes('No space left on device'))).toBe(
        true,
      );
      const callers = callersOf(world, db);
      expect(
        callers.some((c) =>
          logsOf(world, c, world.onset).some(
            (l) => l.message.includes('No space left on device') && l.message.includes(db),
          ),
        ),
      ).toBe(true);
    });

    it(`slow-dependency-latency (seed ${seed}): the dependency is 5-20x slower without saturation`, () => {
      const { world, alert } = atAlert('slow-dependency-latency', seed);
      const target = world.truth.service as string;
      const normal = mean(values(world, 'latency_p50', target, world.start, world.onset));
      const slow = mean(values(world, 'latency_p50', target, world.onset + 60, alert.timestamp + 300));
      expect(slow / normal).toBeGreaterThan(4);
      expect(mean(values(world, 'cpu', target, world.onset, alert.timestamp + 300))).toBeLessThan(0.8);
      expect(
        world.store.changes.filter((c) => c.service === target && Math.abs(c.timestamp - world.onset) < 600),
      ).toEqual([]);
      expect(world.truth).toMatchObject({ cause: 'infrastructure_failure', remediation: 'failover' });
    });

    it(`false-alarm (seed ${seed}): a blip raises an alert and clears by itself`, () => {
      const { world, alert } = atAlert('false-alarm', seed);
      expect(world.truth).toEqual({ service: null, cause: null, mechanism: null, remediation: 'none' });
      expect(alert.timestamp).toBeGreaterThanOrEqual(world.onset);
      expect(world.isHealthy()).toBe(true);
    });
  }

  it('raises alerts shaped like Alertmanager notifications', () => {
    const { world, alert } = atAlert('db-connection-exhaustion', 4);
    expect(alert.source).toBe('simulator');
    expect(alert.labels).toMatchObject({ service: alert.service, severity: alert.severity });
    expect(alert.labels.alertname).toMatch(/^[A-Z]\w+$/);
    expect(['critical', 'high']).toContain(alert.severity);
    expect(alert.timestamp).toBeGreaterThan(world.onset);
    expect(world.now()).toBeGreaterThanOrEqual(alert.timestamp + 30);
  });
});
