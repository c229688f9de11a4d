import { describe, expect, it } from 'vitest';
import { createSimWorld, SCENARIO_NAMES } from '../index.js';
import { randomTopology } from './random-topology.js';

/**
 * Every scenario on the smallest graph and on one of 20, 40 or 60 services in turn (the
 * big worlds cost about a second each).
 */
const CASES = SCENARIO_NAMES.flatMap((scenario, i) =>
  [8, [20, 40, 60][i % 3]].map((services, j) => ({ scenario, services, seed: 100 * i + 17 * j + 5 })),
);

describe('scenarios on random topologies', () => {
  for (const { scenario, services, seed } of CASES) {
    it(`${scenario} alerts on a ${services}-service topology (seed ${seed})`, () => {
      const topology = randomTopology(seed, { services });
      const world = createSimWorld({ scenario, seed, topology });
      // The world is healthy until the fault: no alert would be a false positive before it.
      world.advance(world.onset - world.start - 30);
      expect(world.symptoms()).toEqual([]);
      const alert = world.runUntilAlert();
      expect(alert).not.toBeNull();
      expect(alert?.timestamp).toBeGreaterThanOrEqual(world.onset);
      expect(alert?.timestamp).toBeLessThan(world.onset + 30 * 60);
      const names = topology.services.map((s) => s.name);
      expect(names).toContain(alert?.service);
      if (scenario === 'false-alarm') expect(world.truth.service).toBeNull();
      else expect(names).toContain(world.truth.service);
    });
  }
});
