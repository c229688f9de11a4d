import { describe, expect, it } from 'vitest';
import { type Finding, HypothesisSchema, type Topology } from '../core/index.js';
import { CausalReasoningEngine, type ReasoningResult } from './causal-engine.js';
import { IDENTITY_CALIBRATION } from './confidence.js';
import {
  alertOn,
  changeFinding,
  dependencyError,
  FULL_COVERAGE,
  logPattern,
  metricAnomaly,
  T0,
  topologyOf,
} from './testing/findings.js';

const engine = new CausalReasoningEngine({ calibration: IDENTITY_CALIBRATION });

function analyse(
  findings: Finding[],
  topology: Topology | undefined,
  observed: string[],
  alertService: string,
): ReasoningResult {
  return engine.analyse({
    alert: alertOn(alertService),
    findings,
    topology,
    observedServices: new Set(observed),
    coverage: FULL_COVERAGE,
    windowEnd: T0 + 1800,
  });
}

/** web → checkout → payment → ledger-db, plus web → search. */
const shop = () => topologyOf(['web>checkout', 'checkout>payment', 'payment>ledger-db', 'web>search']);
const shopServices = ['web', 'checkout', 'payment', 'ledger-db', 'search'];

describe('CausalReasoningEngine: propagation', () => {
  it('blames the callee whose failure started first over its anomalous callers', () => {
    const result = analyse(
      [
        metricAnomaly('payment', { onset: T0 }),
        metricAnomaly('checkout', { onset: T0 + 120 }),
        metricAnomaly('web', { onset: T0 + 240 }),
        metricAnomaly('web', { metric: 'latency_p99', signal: 'latency', onset: T0 + 240 }),
      ],
      shop(),
      shopServices,
      'web',
    );
    expect(result.root_cause?.service).toBe('payment');
    expect(result.hypotheses[0].service).toBe('payment');
    const rankOf = (s: string) => result.hypotheses.find((h) => h.service === s)?.rank ?? Infinity;
    expect(rankOf('payment')).toBeLessThan(rankOf('checkout'));
    expect(rankOf('checkout')).toBeLessThan(rankOf('web'));
    expect(new Set(result.blast_radius)).toEqual(new Set(['payment', 'checkout', 'web']));
    expect(result.impact_ongoing).toBe(true);
  });

  it('does not blame a callee whose anomaly started after its callers', () => {
    const result = analyse(
      [
        metricAnomaly('checkout', { onset: T0 }),
        metricAnomaly('web', { onset: T0 + 60 }),
        // payment degrades 15 minutes later: a consequence, not the cause.
        metricAnomaly('payment', { onset: T0 + 900 }),
      ],
      shop(),
      shopServices,
      'web',
    );
    expect(result.hypotheses[0].service).toBe('checkout');
  });
});

describe('CausalReasoningEngine: changes', () => {
  it('names a deploy on the deviating service just before its onset', () => {
    const result = analyse(
      [
        changeFinding('checkout', T0 - 120, { version: 'v42', previous_version: 'v41' }),
        // An innocent deploy on a service that stays healthy, even closer to the onset.
        changeFinding('search', T0 - 30),
        metricAnomaly('checkout', { onset: T0 }),
        logPattern('checkout', { first_seen: T0 + 10 }),
        metricAnomaly('web', { onset: T0 + 60 }),
      ],
      shop(),
      shopServices,
      'web',
    );
    expect(result.root_cause).toMatchObject({ service: 'checkout', cause: 'deployment_regression' });
    expect(result.explained).toBe(true);
    const search = result.hypotheses.find((h) => h.service === 'search');
    expect(search?.cause ?? 'none').not.toBe('deployment_regression');
    const top = result.hypotheses[0];
    const timing = top.evidence.find((e) => e.kind === 'change_timing');
    expect(timing).toMatchObject({ agent: 'deploy', supports: true });
    expect(timing?.summary).toContain('v42');
  });

  it('does not blame an innocent deploy on a healthy service', () => {
    const result = analyse(
      [
        changeFinding('search', T0 - 60),
        metricAnomaly('payment', { onset: T0 }),
        metricAnomaly('checkout', { onset: T0 + 60 }),
      ],
      shop(),
      shopServices,
      'checkout',
    );
    expect(result.root_cause?.service).not.toBe('search');
    expect(result.hypotheses[0].service).toBe('payment');
    expect(result.hypotheses[0].cause).not.toBe('deployment_regression');
  });

  it('does not blame a deploy that came after the onset', () => {
    const result = analyse(
      [changeFinding('checkout', T0 + 600), metricAnomaly('checkout', { onset: T0 })],
      shop(),
      shopServices,
      'checkout',
    );
    expect(result.hypotheses[0].service).toBe('checkout');
    expect(result.hypotheses[0].cause).not.toBe('deployment_regression');
  });
});

describe('CausalReasoningEngine: external dependencies', () => {
  it('names an external dependency without telemetry that its callers blame', () => {
    const topology = topologyOf(['web>checkout', 'checkout>stripe'], { stripe: { tier: 'external' } });
    const result = analyse(
      [
        dependencyError('checkout', 'stripe', { first_seen: T0 - 30 }),
        logPattern('checkout', { template: 'call to stripe timed out <*>', mentions: ['stripe'] }),
        metricAnomaly('checkout', { onset: T0 }),
        metricAnomaly('web', { onset: T0 + 60 }),
      ],
      topology,
      ['web', 'checkout'],
      'web',
    );
    expect(result.root_cause).toMatchObject({ service: 'stripe', cause: 'dependency_failure' });
    expect(result.hypotheses[0].mechanism).toBe('latency_degradation');
  });

  it('finds the dependency from the error edges alone, without a topology', () => {
    const result = analyse(
      [
        dependencyError('checkout', 'geo-api', { first_seen: T0 - 30 }),
        metricAnomaly('checkout', { onset: T0 }),
      ],
      undefined,
      ['checkout'],
      'checkout',
    );
    expect(result.root_cause).toMatchObject({ service: 'geo-api', cause: 'dependency_failure' });
    expect(result.graph.callees('checkout')).toEqual(['geo-api']);
  });
});

describe('CausalReasoningEngine: false alarms', () => {
  it('concludes "none" from weak spikes that already cleared', () => {
    const result = analyse(
      [
        metricAnomaly('checkout', {
          metric: 'latency_p99',
          signal: 'latency',
          shape: 'spike',
          ongoing: false,
          strength: 0.45,
        }),
        metricAnomaly('web', { shape: 'spike', ongoing: false, strength: 0.3 }),
      ],
      shop(),
      shopServices,
      'web',
    );
    expect(result.root_cause).toBeNull();
    expect(result.confidence).toBe(0);
    expect(result.none_probability).toBeGreaterThan(result.hypotheses[0]?.probability ?? 0);
    expect(result.impact_ongoing).toBe(false);
    expect(result.at_risk).toEqual([]);
  });

  it('concludes "none" when there are no findings at all', () => {
    const result = analyse([], shop(), shopServices, 'web');
    expect(result.root_cause).toBeNull();
    expect(result.none_probability).toBeGreaterThan(0.5);
  });
});

describe('CausalReasoningEngine: output invariants', () => {
  const scenario = () =>
    analyse(
      [
        changeFinding('checkout', T0 - 120),
        metricAnomaly('checkout', { onset: T0 }),
        metricAnomaly('payment', { onset: T0 + 200, strength: 0.6 }),
        metricAnomaly('web', { onset: T0 + 60 }),
        logPattern('web', { mentions: ['checkout'] }),
        dependencyError('web', 'checkout', { share: 0.8 }),
      ],
      shop(),
      shopServices,
      'web',
    );

  it('ranks consecutively from 1, one hypothesis per service, probabilities summing to at most 1', () => {
    const result = scenario();
    expect(result.hypotheses.length).toBeGreaterThan(1);
    expect(result.hypotheses.map((h) => h.rank)).toEqual(result.hypotheses.map((_, i) => i + 1));
    const services = result.hypotheses.map((h) => h.service);
    expect(new Set(services).size).toBe(services.length);
    const total = result.hypotheses.reduce((sum, h) => sum + h.probability, 0);
    expect(total + result.none_probability).toBeLessThanOrEqual(1 + 1e-3);
    for (let i = 1; i < result.hypotheses.length; i++) {
      expect(result.hypotheses[i].probability).toBeLessThanOrEqual(result.hypotheses[i - 1].probability);
    }
    for (const h of result.hypotheses) expect(() => HypothesisSchema.parse(h)).not.toThrow();
  });

  it('keeps an evidence ledger with supporting and contradicting entries', () => {
    const result = scenario();
    const [top, second] = result.hypotheses;
    expect(top.service).toBe('checkout');
    for (const h of result.hypotheses) {
      expect(h.evidence.length).toBeGreaterThan(0);
      for (const e of h.evidence) {
        expect(e.supports).toBe((e.log_lr ?? 0) > 0);
        expect(e.weight).toBeGreaterThanOrEqual(0);
        expect(e.weight).toBeLessThanOrEqual(1);
      }
    }
    expect(top.evidence.some((e) => e.supports)).toBe(true);
    // The caller is a victim: its ledger says so.
    const web = result.hypotheses.find((h) => h.service === 'web')!;
    expect(web.evidence.some((e) => !e.supports && e.kind === 'anomalous_dependency')).toBe(true);
    expect(second.evidence.some((e) => !e.supports)).toBe(true);
    // Strongest entries first.
    const sizes = top.evidence.map((e) => Math.abs(e.log_lr ?? 0));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(result.none_evidence.entries.some((e) => e.kind === 'sustained_anomaly' && !e.supports)).toBe(
      true,
    );
  });

  it('respects maxHypotheses', () => {
    const small = new CausalReasoningEngine({ calibration: IDENTITY_CALIBRATION, maxHypotheses: 2 });
    const result = small.analyse({
      alert: alertOn('web'),
      findings: [metricAnomaly('checkout'), metricAnomaly('web', { onset: T0 + 60 })],
      topology: shop(),
      observedServices: new Set(shopServices),
      coverage: FULL_COVERAGE,
      windowEnd: T0 + 1800,
    });
    expect(result.hypotheses).toHaveLength(2);
  });

  it('gives lower confidence with missing coverage', () => {
    const input = {
      alert: alertOn('web'),
      findings: [changeFinding('checkout', T0 - 120), metricAnomaly('checkout'), logPattern('checkout')],
      topology: shop(),
      observedServices: new Set(shopServices),
      windowEnd: T0 + 1800,
    };
    const full = engine.analyse({ ...input, coverage: FULL_COVERAGE });
    const partial = engine.analyse({
      ...input,
      coverage: { ...FULL_COVERAGE, logs: false, topology: false },
    });
    expect(full.root_cause?.service).toBe('checkout');
    expect(partial.raw_confidence).toBeLessThan(full.raw_confidence);
  });
});

describe('CausalReasoningEngine: cycles', () => {
  it('reasons over a cyclic topology without hanging or crashing', () => {
    const topology = topologyOf(['a>b', 'b>c', 'c>a', 'c>d']);
    const result = analyse(
      [
        metricAnomaly('d', { onset: T0 }),
        metricAnomaly('c', { onset: T0 + 60 }),
        metricAnomaly('b', { onset: T0 + 120 }),
        metricAnomaly('a', { onset: T0 + 180 }),
      ],
      topology,
      ['a', 'b', 'c', 'd'],
      'a',
    );
    expect(result.hypotheses.length).toBeGreaterThan(0);
    expect(result.root_cause?.service).toBe('d');
    expect(new Set(result.blast_radius)).toEqual(new Set(['a', 'b', 'c', 'd']));
  });

  it('still ranks a pure cycle where every service is anomalous at once', () => {
    const topology = topologyOf(['a>b', 'b>c', 'c>a']);
    const result = analyse(
      [metricAnomaly('a'), metricAnomaly('b'), metricAnomaly('c')],
      topology,
      ['a', 'b', 'c'],
      'a',
    );
    expect(result.hypotheses.map((h) => h.rank)).toEqual([1, 2, 3]);
    for (const h of result.hypotheses) expect(Number.isFinite(h.probability)).toBe(true);
  });
});
