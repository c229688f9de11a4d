import { describe, expect, it } from 'vitest';
import { ManualClock } from '../connectors/memory/index.js';
import type { MetricQuery, MetricsSource, Outcome, Series, VerificationSpec } from '../core/index.js';
import { ok } from '../core/index.js';
import { metricAnomaly } from '../reasoning/testing/findings.js';
import { watchSignals } from './watch.js';

const START = 1_700_000_000;

/** Per metric of `api`, its value at time t, sampled every 15 s. */
class WorldMetrics implements MetricsSource {
  readonly id = 'world';
  constructor(private readonly valueAt: Record<string, (t: number) => number>) {}
  async metricNames(): Promise<Outcome<string[]>> {
    return ok(Object.keys(this.valueAt), { connector: this.id, query: '' });
  }
  async range(query: MetricQuery): Promise<Outcome<Series[]>> {
    const at = this.valueAt[query.metric];
    const points: [number, number][] = [];
    const first = START + Math.ceil((query.range.start - START) / 15) * 15;
    for (let t = first; t <= query.range.end; t += 15) if (at) points.push([t, at(t)]);
    return ok([{ service: 'api', metric: query.metric, points }], {
      connector: this.id,
      query: query.metric,
    });
  }
}

const spec: VerificationSpec = {
  signals: [
    { service: 'api', metric: 'memory_fraction' },
    { service: 'api', metric: 'error_rate' },
  ],
  deadline_s: 300,
};
// memory_fraction: baseline 0.5, incident 0.95 (recovered up to 0.6125); error_rate: 0.01 → 0.2.
const findings = [
  metricAnomaly('api', { metric: 'memory_fraction', signal: 'memory', baseline: 0.5, peak: 0.95 }),
  metricAnomaly('api', { metric: 'error_rate', baseline: 0.01, peak: 0.2 }),
];

/** A restart at START: the heap resets 30 s later, then leaks again at `leakPerMin`; errors settle after 4 min. */
function restartedLeak(leakPerMin: number, errorsSettleAfter = 240) {
  return new WorldMetrics({
    memory_fraction: (t) => (t < START + 30 ? 0.95 : 0.5 + (leakPerMin * (t - START - 30)) / 60),
    error_rate: (t) => (t < START + errorsSettleAfter ? 0.2 : 0.01),
  });
}

function watch(metrics: MetricsSource, signals = spec.signals, regressChecks?: number) {
  return watchSignals({
    spec: { ...spec, signals },
    findings,
    metrics,
    clock: new ManualClock(START),
    intervalSeconds: 60,
    before: null,
    signal: new AbortController().signal,
    regressChecks,
  });
}

describe('watchSignals over the whole verification window', () => {
  it('calls a heap that a restart reset, then leaks again, a recovery that did not hold, and stops early', async () => {
    const watched = await watch(restartedLeak(0.03), [{ service: 'api', metric: 'memory_fraction' }]);
    expect(watched.checks.map((c) => [c.at - START, c.outcome])).toEqual([
      [60, 'not_recovered'],
      [120, 'recovered'],
      [180, 'not_recovered'], // back in the band, but climbing out of it
      [240, 'not_recovered'], // still gone: confirmed, no need to wait for the 300 s deadline
    ]);
    expect(watched.result.outcome).toBe('regressed');
    expect(watched.resolution).toBe('not_resolved');
    expect(watched.recoveredAt).toBeNull();
    expect(watched.regression).toEqual({
      recovered_at: START + 120,
      regressed_at: START + 180,
      signals: [
        { signal: 'api memory_fraction', recovered_at: START + 120, regressed_at: START + 180, checks: 2 },
      ],
    });
  });

  it('waits for the deadline when asked to confirm a lost recovery over more checks', async () => {
    const watched = await watch(restartedLeak(0.03), [{ service: 'api', metric: 'memory_fraction' }], 5);
    expect(watched.checks.map((c) => c.at - START)).toEqual([60, 120, 180, 240, 300]);
    expect(watched.result.outcome).toBe('regressed');
    expect(watched.regression?.regressed_at).toBe(START + 180);
  });

  it('names the one signal that recovered and slipped back while another was still disturbed', async () => {
    // The restart keeps errors up until +4 min: no check ever sees every signal recovered.
    const watched = await watch(restartedLeak(0.03, 240));
    expect(watched.checks.every((c) => c.outcome !== 'recovered')).toBe(true);
    expect(watched.checks.map((c) => `${c.recovered}/${c.measured}`)).toEqual(['0/2', '1/2', '0/2', '0/2']);
    expect(watched.result.outcome).toBe('regressed');
    expect(watched.result.detail).toMatch(/^recovered, then regressed \(api memory_fraction\): /);
    expect(watched.regression?.signals.map((s) => s.signal)).toEqual(['api memory_fraction']);
  });

  it('lets a signal that slips out for one check and comes back resolve', async () => {
    // Errors are back at once; a blip from +105 s to +165 s puts them out for the +3 min check only.
    const blip = new WorldMetrics({
      memory_fraction: () => 0.5,
      error_rate: (t) => (t < START || (t >= START + 105 && t <= START + 165) ? 0.2 : 0.01),
    });
    const watched = await watch(blip);
    expect(watched.checks.map((c) => c.outcome)).toEqual([
      'recovered',
      'recovered',
      'not_recovered',
      'recovered',
      'recovered',
    ]);
    expect(watched.result.outcome).toBe('recovered');
    expect(watched.regression).toBeUndefined();
  });

  it('resolves when the recovery holds to the deadline', async () => {
    const watched = await watch(restartedLeak(0, 90));
    expect(watched.result.outcome).toBe('recovered');
    expect(watched.resolution).toBe('resolved');
    expect(watched.recoveredAt).toBe(START + 180);
    expect(watched.regression).toBeUndefined();
  });

  it('does not call a signal that never recovered a regression', async () => {
    const watched = await watch(new WorldMetrics({ memory_fraction: () => 0.95, error_rate: () => 0.2 }));
    expect(watched.result.outcome).toBe('not_recovered');
    expect(watched.regression).toBeUndefined();
  });
});
