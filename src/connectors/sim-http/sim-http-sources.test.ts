import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimServer, startSimServer } from '../../sim/live/sim-server.js';
import {
  SimHttpChangeSource,
  SimHttpLogSource,
  SimHttpTopologySource,
  SimHttpTraceSource,
} from './sim-http-sources.js';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({
    scenario: 'bad-deploy-error-spike',
    seed: 2,
    speed: 60,
    faultAfterSeconds: 0,
  });
});
afterAll(() => sim.close());

const ctx = () => ({ signal: AbortSignal.timeout(5000) });

describe('simulator HTTP sources', () => {
  it('read topology, logs, changes and spans from afr sim serve in wall time', async () => {
    const topology = await new SimHttpTopologySource({ url: sim.url }).topology(ctx());
    expect(topology.kind === 'ok' && topology.data.services.length).toBeGreaterThan(5);

    const now = Date.now() / 1000;
    const range = { start: now - 3600, end: now + 1 };
    const changes = await new SimHttpChangeSource({ url: sim.url }).changes({ range }, ctx());
    expect(changes.kind).toBe('ok');
    const deploy =
      changes.kind === 'ok' ? changes.data.find((c) => c.service === sim.sim.world.truth.service) : undefined;
    expect(deploy?.kind).toBe('deploy');
    expect(Math.abs((deploy?.timestamp ?? 0) - sim.sim.fault().onset)).toBeLessThan(2);

    const logs = await new SimHttpLogSource({ url: sim.url }).search(
      { range, levels: ['error'], limit: 50 },
      ctx(),
    );
    expect(logs.kind === 'ok' && logs.data.every((r) => r.level === 'error' && r.timestamp <= now + 1)).toBe(
      true,
    );

    const spans = await new SimHttpTraceSource({ url: sim.url }).spans({ range, limit: 10 }, ctx());
    expect(spans.kind === 'ok' && spans.data.length).toBe(10);
  });

  it('answers an error outcome when the simulator is gone', async () => {
    const outcome = await new SimHttpLogSource({ url: 'http://127.0.0.1:9', timeoutMs: 500 }).search(
      { range: { start: 0, end: 1 } },
      ctx(),
    );
    expect(outcome.kind).toBe('error');
  });
});
