import { describe, expect, it } from 'vitest';
import type { PlanStep, Strategy } from '../../core/index.js';
import { createSimWorld, type ScenarioName, type SimWorld } from '../index.js';

const ctx = { signal: new AbortController().signal };

function step(strategy: Strategy, target: string): PlanStep {
  return {
    id: 'step-1',
    strategy,
    target,
    description: `${strategy} ${target}`,
    estimated_duration_s: 60,
    params: {},
  };
}

function atAlert(scenario: ScenarioName, seed: number): SimWorld {
  const world = createSimWorld({ scenario, seed });
  if (!world.runUntilAlert()) throw new Error(`${scenario}/${seed}: no alert`);
  return world;
}

/** True when the world is healthy at every step of [now + from, now + to). */
function healthyThroughout(world: SimWorld, from: number, to: number): boolean {
  world.advance(from);
  let healthy = true;
  for (let t = from; t < to; t += 15) {
    world.advance(15);
    healthy &&= world.isHealthy();
  }
  return healthy;
}

async function applyOk(world: SimWorld, strategy: Strategy, target: string) {
  const outcome = await world.actuator.apply(step(strategy, target), ctx);
  if (outcome.kind !== 'ok')
    throw new Error(`apply ${strategy} ${target}: ${outcome.kind === 'error' ? outcome.message : 'no data'}`);
  return outcome.data;
}

const CASES: [ScenarioName, number][] = [
  ['db-connection-exhaustion', 2],
  ['memory-leak-after-deploy', 2],
  ['cascading-upstream-failure', 2],
  ['bad-deploy-error-spike', 2],
  ['traffic-surge-cpu-saturation', 2],
  ['disk-full-database', 2],
  ['slow-dependency-latency', 2],
];

describe('SimActuator: the right action heals', () => {
  for (const [scenario, seed] of CASES) {
    it(`${scenario}: the true remediation on the target heals within minutes`, async () => {
      const world = atAlert(scenario, seed);
      expect(world.isHealthy()).toBe(false);
      await applyOk(world, world.truth.remediation as Strategy, world.truth.service as string);
      expect(healthyThroughout(world, 300, 1500)).toBe(true);
    });
  }
});

describe('SimActuator: a wrong action does not heal', () => {
  for (const [scenario, seed] of CASES) {
    it(`${scenario}: a restart of the alerting service leaves the fault in place`, async () => {
      const world = atAlert(scenario, seed);
      const alerting = world.runUntilAlert()?.service as string;
      await applyOk(world, 'restart', alerting);
      expect(healthyThroughout(world, 300, 1500)).toBe(false);
    });
  }

  it('a rollback of an innocent service does not heal a pool exhaustion', async () => {
    const world = atAlert('db-connection-exhaustion', 3);
    const innocent = world.store.changes.find(
      (c) => c.kind === 'deploy' && c.service !== world.truth.service,
    )?.service;
    expect(innocent).toBeDefined();
    await applyOk(world, 'rollback', innocent as string);
    expect(healthyThroughout(world, 300, 900)).toBe(false);
  });
});

describe('SimActuator: restart on a leak only postpones', () => {
  it('heals memory for a while, then the leak comes back', async () => {
    const world = atAlert('memory-leak-after-deploy', 4);
    const target = world.truth.service as string;
    const limit = world.store.points('memory_limit', target, { start: world.start, end: world.now() })[0][1];
    await applyOk(world, 'restart', target);
    world.advance(120);
    const afterRestart =
      world.store.points('memory', target, { start: world.now() - 15, end: world.now() })[0][1] / limit;
    expect(afterRestart).toBeLessThan(0.7);
    expect(world.isHealthy()).toBe(true);
    expect(healthyThroughout(world, 0, 3600)).toBe(false);
  });
});

describe('SimActuator: port behaviour', () => {
  it('refuses an unknown target with an error outcome', async () => {
    const world = createSimWorld({ scenario: 'false-alarm', seed: 1 });
    for (const strategy of [
      'rollback',
      'scale_up',
      'restart',
      'failover',
      'circuit_breaker',
      'config_revert',
    ] as const) {
      const outcome = await world.actuator.apply(step(strategy, 'no-such-service'), ctx);
      expect(outcome.kind).toBe('error');
      if (outcome.kind === 'error') expect(outcome.message).toContain('no-such-service');
    }
    expect((await world.actuator.describe('nope', ctx)).kind).toBe('error');
  });

  it('refuses actions that make no sense on an external provider', async () => {
    const world = createSimWorld({ scenario: 'false-alarm', seed: 1 });
    const outcome = await world.actuator.apply(step('rollback', 'payment-provider'), ctx);
    expect(outcome.kind).toBe('error');
    expect(world.actuator.supports('none')).toBe(false);
    expect(world.actuator.supports('failover')).toBe(true);
  });

  it('plans without changing anything, and describes the target', async () => {
    const world = atAlert('bad-deploy-error-spike', 5);
    const target = world.truth.service as string;
    const before = await world.actuator.describe(target, ctx);
    const preview = await world.actuator.plan(step('rollback', target), ctx);
    expect(preview.kind).toBe('ok');
    if (preview.kind === 'ok') expect(preview.data.summary).toMatch(/dry run/);
    expect(await world.actuator.describe(target, ctx)).toEqual(before);
    if (before.kind === 'ok')
      expect(before.data).toMatchObject({ service: target, previous_version: expect.any(String) });
  });

  it('records a rollback as a deploy change and undo brings the bad release back', async () => {
    const world = atAlert('bad-deploy-error-spike', 6);
    const target = world.truth.service as string;
    const receipt = await applyOk(world, 'rollback', target);
    const rollback = world.store.changes.at(-1);
    expect(rollback).toMatchObject({ service: target, kind: 'deploy' });
    world.advance(300);
    expect(world.isHealthy()).toBe(true);
    const undone = await world.actuator.undo(step('rollback', target), receipt, ctx);
    expect(undone.kind).toBe('ok');
    expect(healthyThroughout(world, 120, 600)).toBe(false);
  });

  it('undo of an unknown receipt is an error outcome', async () => {
    const world = createSimWorld({ scenario: 'false-alarm', seed: 1 });
    const outcome = await world.actuator.undo(step('restart', 'cart'), { detail: '', undo_token: 42 }, ctx);
    expect(outcome.kind).toBe('error');
  });

  it('a scale-up shows in the rps-per-replica physics and as a scale change', async () => {
    const world = atAlert('traffic-surge-cpu-saturation', 7);
    const target = world.truth.service as string;
    await applyOk(world, 'scale_up', target);
    expect(world.store.changes.at(-1)).toMatchObject({ service: target, kind: 'scale' });
    world.advance(600);
    const cpu = world.store
      .points('cpu', target, { start: world.now() - 120, end: world.now() })
      .map((p) => p[1]);
    expect(Math.max(...cpu)).toBeLessThan(0.85);
  });

  it('shed_load cuts the entry traffic and records the change', async () => {
    const world = atAlert('traffic-surge-cpu-saturation', 8);
    const rps = () =>
      world.store
        .points('rps', 'web-frontend', { start: world.now() - 60, end: world.now() })
        .map((p) => p[1]);
    world.advance(300);
    const before = rps().reduce((a, b) => a + b) / 4;
    await applyOk(world, 'shed_load', 'web-frontend');
    world.advance(120);
    const after = rps().reduce((a, b) => a + b) / 4;
    expect(after / before).toBeGreaterThan(0.5);
    expect(after / before).toBeLessThan(0.7);
    expect(world.store.changes.at(-1)?.description).toMatch(/load shedding/);
  });

  it('an open circuit breaker shows as fallback warnings in the callers', async () => {
    const world = atAlert('cascading-upstream-failure', 3);
    const provider = world.truth.service as string;
    const applied = world.now();
    await applyOk(world, 'circuit_breaker', provider);
    world.advance(300);
    const fallbacks = world.store.logs.filter(
      (l) => l.timestamp > applied && /OPEN; serving fallback|circuit open/.test(l.message),
    );
    expect(fallbacks.length).toBeGreaterThan(3);
    expect(fallbacks.every((l) => l.message.includes(provider))).toBe(true);
  });
});
