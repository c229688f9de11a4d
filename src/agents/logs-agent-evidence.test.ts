import { describe, expect, it } from 'vitest';
import {
  type Finding,
  FindingSchema,
  type LogRecord,
  type LogRequestFlowFinding,
  type LogVolumeFinding,
} from '../core/index.js';
import { LogsAgent } from './logs-agent.js';
import { TelemetryStore, testContext, WINDOW_END, WINDOW_START } from './testing/context.js';

// The plan of testContext: baseline until WINDOW_START + 1200 s, the incident after it.
const ONSET = WINDOW_START + 1800;

/**
 * A shop: every 5 s a request goes web -> checkout -> payment, each service logging an
 * access line when its part ends (callee first), with the trace id. From ONSET, 9 requests
 * in 10 fail in payment (pool exhausted) and the error travels up; inventory logs steadily
 * and is OOM-killed just before ONSET + 600 (silent after its last line).
 */
function shop(): TelemetryStore {
  const lines: LogRecord[] = [];
  let n = 0;
  for (let t = WINDOW_START; t < WINDOW_END; t += 5, n++) {
    const trace = `trace-${n.toString(16).padStart(6, '0')}`;
    const failing = t >= ONSET && n % 10 !== 0;
    const log = (dt: number, service: string, level: LogRecord['level'], message: string) =>
      lines.push({ timestamp: t + dt, service, level, message, trace_id: trace, span_id: `${service}-${n}` });
    if (failing) {
      log(
        0.1,
        'payment',
        'error',
        `Connection is not available, request timed out after 30000ms (order ${n})`,
      );
      log(0.2, 'checkout', 'error', 'call to payment failed: 500 Internal Server Error');
      log(0.3, 'web', 'error', `GET /buy 502 in ${n % 90} ms`);
    } else {
      log(0.1, 'payment', 'info', `charged order ${n}`);
      log(0.2, 'checkout', 'info', `POST /checkout 200 in ${n % 70} ms`);
      log(0.3, 'web', 'info', `GET /buy 200 in ${n % 90} ms`);
    }
    if (t < ONSET + 600) {
      for (let k = 0; k < 4; k++) {
        lines.push({
          timestamp: t + k,
          service: 'inventory',
          level: 'info',
          message: `stock level ${n % 40} for sku ${k}`,
        });
      }
    }
  }
  lines.push({
    timestamp: ONSET + 599.5,
    service: 'inventory',
    level: 'fatal',
    message: 'OOMKilled: container exceeded memory limit',
  });
  const store = new TelemetryStore();
  for (const line of lines.sort((a, b) => a.timestamp - b.timestamp)) store.addLog(line);
  return store;
}

const SERVICES = ['web', 'checkout', 'payment', 'inventory'];
const of = <K extends Finding['kind']>(findings: Finding[], kind: K) =>
  findings.filter((f): f is Extract<Finding, { kind: K }> => f.kind === kind);

describe('LogsAgent: request flows and log volume', () => {
  it('reconstructs failing requests across services from trace ids', async () => {
    const result = await new LogsAgent().investigate(testContext(shop(), SERVICES));
    const flows = of(result.findings, 'log_request_flow');
    expect(flows.map((f) => f.first_error_service)).toEqual(['payment']);
    const [flow] = flows as LogRequestFlowFinding[];
    // 360 requests from ONSET to the end, 9 in 10 failing.
    expect(flow.failing_traces).toBe(324);
    expect(flow.trace_count).toBe(324);
    expect(flow.share).toBe(1);
    expect(flow.baseline_trace_count).toBe(0);
    expect(flow.path).toEqual(['payment', 'checkout', 'web']);
    expect(flow.paths).toEqual([{ path: ['payment', 'checkout', 'web'], count: 324 }]);
    expect(flow.first_seen).toBe(ONSET + 5 + 0.1);
    expect(flow.last_seen).toBe(WINDOW_END - 5 + 0.1);
    expect(flow.summary).toBe(
      'in 324 of 324 failing requests the first error was in payment (payment → checkout → web)',
    );
    expect(flow.examples[0]).toMatch(/^Connection is not available/);
    expect(flow.trace_ids).toHaveLength(3);
    expect(flow.strength).toBeGreaterThan(0.95);
  });

  it('finds the service that went silent, with its last words', async () => {
    const result = await new LogsAgent().investigate(testContext(shop(), SERVICES));
    const volume = of(result.findings, 'log_volume') as LogVolumeFinding[];
    const silence = volume.find((f) => f.service === 'inventory');
    expect(silence).toMatchObject({ direction: 'silence', count: 0, ongoing: true });
    expect(silence!.first_seen).toBeGreaterThanOrEqual(ONSET + 600);
    expect(silence!.first_seen).toBeLessThanOrEqual(ONSET + 660);
    expect(silence!.expected_rate).toBeCloseTo(48, 0);
    expect(silence!.examples.at(-1)).toBe('OOMKilled: container exceeded memory limit');
    expect(silence!.strength).toBeGreaterThan(0.9);
    expect(silence!.summary).toMatch(/^inventory went silent for \d+m/);
    // Payment keeps logging at its rate: no volume finding.
    expect(volume.some((f) => f.service === 'payment' && f.direction === 'silence')).toBe(false);
  });

  it('gives every finding counts, first/last seen, truncated examples and a strength in 0..1', async () => {
    const result = await new LogsAgent({ exampleChars: 40 }).investigate(testContext(shop(), SERVICES));
    const kinds = new Set(result.findings.map((f) => f.kind));
    expect([...kinds].sort()).toEqual(['dependency_error', 'log_pattern', 'log_request_flow', 'log_volume']);
    for (const finding of result.findings) {
      expect(() => FindingSchema.parse(finding)).not.toThrow();
      expect(finding.strength).toBeGreaterThanOrEqual(0);
      expect(finding.strength).toBeLessThanOrEqual(1);
      const f = finding as unknown as Record<string, unknown>;
      const count = f.count ?? f.trace_count;
      expect(Number.isInteger(count), `${finding.kind} count`).toBe(true);
      expect(f.first_seen, `${finding.kind} first_seen`).toEqual(expect.any(Number));
      expect(f.last_seen, `${finding.kind} last_seen`).toEqual(expect.any(Number));
      expect(f.last_seen as number).toBeGreaterThanOrEqual(f.first_seen as number);
      const examples = f.examples as string[];
      expect(examples.length, `${finding.kind} examples`).toBeGreaterThan(0);
      for (const example of examples) expect(example.length).toBeLessThanOrEqual(40);
    }
  });

  it('reports no flow and no volume anomaly on a quiet window', async () => {
    const store = new TelemetryStore();
    let n = 0;
    for (let t = WINDOW_START; t < WINDOW_END; t += 5, n++) {
      store.addLog({
        timestamp: t,
        service: 'web',
        level: 'info',
        message: `GET / 200 in ${n % 50} ms`,
        trace_id: `q${n}`,
      });
      store.addLog({ timestamp: t + 0.1, service: 'api', level: 'info', message: 'ok', trace_id: `q${n}` });
    }
    const result = await new LogsAgent().investigate(testContext(store, ['web', 'api']));
    expect(result.findings).toEqual([]);
  });
});
