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

    // The deploy lands at the fault's onset; poll until the simulator has stepped past it.
    let deploy: { kind: string; timestamp: number } | undefined;
    let now = Date.now() / 1000;
    let range = { start: now - 3600, end: now + 1 };
    for (let i = 0; i < 50 && !deploy; i++) {
      now = Date.now() / 1000;
      range = { start: now - 3600, end: now + 1 };
      const changes = await new SimHttpChangeSource({ url: sim.url }).changes({ range }, ctx());
      expect(changes.kind === 'error').toBe(false);
      deploy =
        changes.kind === 'ok'
          ? changes.data.find((c) => c.service === sim.sim.world.truth.service)
          : undefined;
      if (!deploy) await new Promise((r) => setTimeout(r, 200));
    }
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
