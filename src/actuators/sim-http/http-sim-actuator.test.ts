/**
 * The HTTP simulator actuator against a real `startSimServer` instance (the live
 * simulator's API documented in src/sim/live/sim-server.ts: GET /api/v1/targets/:service,
 * POST /api/v1/actions, POST /api/v1/actions/undo) and, for the exact requests sent and the
 * deadline, against the loopback recording server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../../connectors/testing/recording-server.js';
import type { Outcome } from '../../core/outcome.js';
import type { PlanStep } from '../../core/remediation-plan.js';
import type { Strategy } from '../../core/vocabulary.js';
import { type SimServer, startSimServer } from '../../sim/live/sim-server.js';
import { HttpSimActuator } from './http-sim-actuator.js';
import { HttpSimActuatorOptionsSchema } from './http-sim-actuator-options.js';

let recorder: RecordingServer | undefined;
afterEach(async () => {
  await recorder?.close();
  recorder = undefined;
});

const ctx = () => ({ signal: new AbortController().signal });

function step(strategy: Strategy, target: string): PlanStep {
  return {
    id: 's1',
    strategy,
    target,
    description: `${strategy} ${target}`,
    estimated_duration_s: 60,
    params: {},
  };
}

function data<T>(outcome: Outcome<T>): T {
  if (outcome.kind !== 'ok') throw new Error(outcome.kind === 'error' ? outcome.message : 'no data');
  return outcome.data;
}

function errorOf<T>(outcome: Outcome<T>) {
  if (outcome.kind !== 'error') throw new Error(`expected an error, got ${outcome.kind}`);
  return { message: outcome.message, retryable: outcome.retryable };
}

describe('HttpSimActuator on the live simulator', () => {
  // One simulator for these tests (building its quiet history takes seconds), on a clock
  // the tests move, with the bad deploy already out.
  let sim: SimServer;
  let clockMs = Date.UTC(2024, 4, 1, 12);
  const advance = (wallSeconds: number) => {
    clockMs += wallSeconds * 1000;
    sim.sim.tick();
  };
  beforeAll(async () => {
    sim = await startSimServer({
      scenario: 'bad-deploy-error-spike',
      seed: 2,
      tickMs: 3_600_000,
      nowMs: () => clockMs,
    });
    sim.sim.injectFault();
  });
  afterAll(() => sim.close());
  const live = () => new HttpSimActuator(HttpSimActuatorOptionsSchema.parse({ url: sim.url }));

  it('plans, applies and undoes a rollback of the bad deploy', async () => {
    const actuator = live();
    const service = sim.sim.world.truth.service as string;
    advance(5);
    const before = data(await actuator.describe(service, ctx()));
    const bad = before.version as string;
    const good = before.previous_version as string;
    expect(typeof bad).toBe('string');
    expect(typeof good).toBe('string');
    expect(bad).not.toBe(good);

    const preview = data(await actuator.plan(step('rollback', service), ctx()));
    expect(preview.summary).toBe(
      `dry run (the simulator has no server-side dry run; nothing was sent): would roll ${service} back to its previous release`,
    );
    expect(preview.diff).toBe(
      `- version: "${bad}"\n- previous_version: "${good}"\n+ roll ${service} back to its previous release`,
    );
    expect(data(await actuator.describe(service, ctx())).version).toBe(bad);

    const receipt = data(await actuator.apply(step('rollback', service), ctx()));
    expect(receipt.detail).toContain(`rolling back ${service} from ${bad} to ${good}`);
    expect(receipt.undo_token).toMatchObject({
      strategy: 'rollback',
      target: service,
      reverted: { version: bad },
    });
    advance(10); // 150 simulated seconds: the rollout (60 s) is done
    expect(data(await actuator.describe(service, ctx())).version).toBe(good);

    const undone = data(await actuator.undo(step('rollback', service), receipt, ctx()));
    expect(undone.detail).toBe(`redeployed ${service} ${bad}`);
    expect(data(await actuator.describe(service, ctx())).version).toBe(bad);
  });

  it("reports the simulator's refusal word for word", async () => {
    const actuator = live();
    const error = errorOf(await actuator.apply(step('rollback', 'no-such-service'), ctx()));
    expect(error).toEqual({
      message: 'simulator HTTP 409: unknown service "no-such-service"',
      retryable: false,
    });
    const described = errorOf(await actuator.describe('no-such-service', ctx()));
    expect(described.message).toBe('simulator HTTP 500: Error: unknown service "no-such-service"');
  });

  it('does not support "none" and sends nothing for it', async () => {
    const actuator = live();
    expect(actuator.supports('none')).toBe(false);
    expect(actuator.supports('failover')).toBe(true);
    expect(errorOf(await actuator.apply(step('none', 'x'), ctx())).message).toBe(
      'strategy none changes nothing',
    );
  });
});

describe('HttpSimActuator requests', () => {
  it('posts the action and the undo as JSON, passing the undo token back unchanged', async () => {
    recorder = await startRecordingServer((request) =>
      request.path === '/api/v1/actions'
        ? { body: { detail: 'scaled', undo_token: { strategy: 'scale_up', target: 'api', replicas: 3 } } }
        : { body: { detail: 'scaled back', undo_token: null } },
    );
    const actuator = new HttpSimActuator(HttpSimActuatorOptionsSchema.parse({ url: recorder.url }));
    const receipt = data(await actuator.apply(step('scale_up', 'api'), ctx()));
    await actuator.undo(step('scale_up', 'api'), receipt, ctx());
    const [apply, undo] = recorder.requests;
    expect([apply.method, apply.path, apply.headers['content-type']]).toEqual([
      'POST',
      '/api/v1/actions',
      'application/json',
    ]);
    expect(JSON.parse(apply.body)).toEqual({ strategy: 'scale_up', target: 'api' });
    expect([undo.method, undo.path]).toEqual(['POST', '/api/v1/actions/undo']);
    expect(JSON.parse(undo.body)).toEqual({
      strategy: 'scale_up',
      target: 'api',
      undo_token: { strategy: 'scale_up', target: 'api', replicas: 3 },
    });
  });

  it('never retries an action, even on a 503', async () => {
    recorder = await startRecordingServer(() => ({ status: 503, body: { error: 'busy' } }));
    const actuator = new HttpSimActuator(
      HttpSimActuatorOptionsSchema.parse({ url: recorder.url, retries: 2 }),
    );
    const error = errorOf(await actuator.apply(step('restart', 'api'), ctx()));
    expect(error).toEqual({ message: 'simulator HTTP 503: busy', retryable: true });
    expect(recorder.requests).toHaveLength(1);
  });

  it("stops at the caller's deadline", async () => {
    recorder = await startRecordingServer(() => ({ delayMs: 3_000, body: {} }));
    const actuator = new HttpSimActuator(HttpSimActuatorOptionsSchema.parse({ url: recorder.url }));
    const started = Date.now();
    const error = errorOf(await actuator.describe('api', { signal: AbortSignal.timeout(100) }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toEqual({ message: 'request aborted: the caller deadline passed', retryable: false });
  });

  it('reports a malformed answer', async () => {
    recorder = await startRecordingServer(() => ({ body: ['not', 'an', 'object'] }));
    const actuator = new HttpSimActuator(HttpSimActuatorOptionsSchema.parse({ url: recorder.url }));
    expect(errorOf(await actuator.describe('api', ctx())).message).toBe(
      'unexpected simulator payload: a target description is a JSON object',
    );
    expect(errorOf(await actuator.apply(step('restart', 'api'), ctx())).message).toBe(
      'unexpected simulator payload: an action answer has a detail string',
    );
  });
});
