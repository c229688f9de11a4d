import { describe, expect, it } from 'vitest';
import { TelemetryStore } from '../connectors/memory/index.js';
import type { Topology } from '../core/index.js';
import { planInvestigation } from './investigation-planner.js';
import { ALERT_AT, memoryPorts, testAlert, WINDOW_END } from './testing/context.js';

const options = { windowMinutes: 60, deadlineMs: 9000, dataEnd: WINDOW_END };

/** A chain s0 → s1 → … → s(n-1). */
function chain(n: number): Topology {
  const services = Array.from({ length: n }, (_, i) => ({
    name: `s${i}`,
    tier: 'backend',
    criticality: 'medium',
    replicas: 1,
  }));
  const dependencies = services.slice(1).map((s, i) => ({ from: `s${i}`, to: s.name }));
  return { services, dependencies };
}

describe('planInvestigation', () => {
  it('runs every agent in parallel with the full deadline for critical and high alerts', () => {
    for (const severity of ['critical', 'high'] as const) {
      const plan = planInvestigation(testAlert('s1', severity), chain(5), {}, options);
      expect(plan.mode).toBe('parallel');
      expect(plan.agents).toEqual(['metrics', 'logs', 'deploy']);
      expect(plan.deadlines_ms).toEqual({ metrics: 9000, logs: 9000, deploy: 9000 });
    }
  });

  it('runs agents in sequence with a share of the deadline for medium and low alerts', () => {
    for (const severity of ['medium', 'low'] as const) {
      const plan = planInvestigation(testAlert('s1', severity), chain(5), {}, options);
      expect(plan.mode).toBe('sequential');
      expect(Object.values(plan.deadlines_ms)).toEqual([3000, 3000, 3000]);
    }
  });

  it('scopes a small topology to every service', () => {
    const plan = planInvestigation(testAlert('s2'), chain(5), {}, options);
    expect(plan.services).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });

  it("limits a large topology's scope to the alerting service's neighbourhood", () => {
    const plan = planInvestigation(testAlert('s100'), chain(400), {}, { ...options, maxScope: 7 });
    expect(plan.services).toHaveLength(7);
    expect(new Set(plan.services)).toEqual(new Set(['s97', 's98', 's99', 's100', 's101', 's102', 's103']));
  });

  it('leaves the scope open without a topology', () => {
    expect(planInvestigation(testAlert('api'), undefined, {}, options).services).toEqual([]);
  });

  it('places the window around the alert with the baseline ending before it', () => {
    const plan = planInvestigation(testAlert('s1'), chain(3), {}, options);
    expect(plan.window).toEqual({ start: ALERT_AT - 3600, end: WINDOW_END });
    expect(plan.baseline_end).toBeGreaterThan(plan.window.start);
    expect(plan.baseline_end).toBeLessThan(ALERT_AT);
    const explicit = planInvestigation(
      testAlert('s1'),
      chain(3),
      {},
      { ...options, dataStart: ALERT_AT - 600 },
    );
    expect(explicit.window.start).toBe(ALERT_AT - 600);
    expect(explicit.baseline_end).toBeGreaterThan(explicit.window.start);
    expect(explicit.baseline_end).toBeLessThan(ALERT_AT);
  });

  it('never ends the window before the alert', () => {
    const plan = planInvestigation(testAlert('s1'), chain(3), {}, { ...options, dataEnd: ALERT_AT - 900 });
    expect(plan.window.end).toBe(ALERT_AT);
  });

  it('lists the data sources it has', () => {
    const plan = planInvestigation(testAlert('s1'), chain(3), memoryPorts(new TelemetryStore()), options);
    expect(plan.data_sources).toEqual([
      'metrics:memory-metrics',
      'logs:memory-logs',
      'changes:memory-changes',
    ]);
  });
});
