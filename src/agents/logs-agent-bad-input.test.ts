import { describe, expect, it } from 'vitest';
import { MemoryMetricsSource } from '../connectors/memory/index.js';
import { FindingSchema, failure, type LogRecord, type LogSource } from '../core/index.js';
import { LogsAgent } from './logs-agent.js';
import { MetricsAgent } from './metrics-agent.js';
import { runAgents } from './run-agents.js';
import { TelemetryStore, testContext, testPlan, WINDOW_END, WINDOW_START } from './testing/context.js';

const ONSET = WINDOW_START + 1800;

/** What broken producers and transports really send: the bad-input list. */
function hostileLines(): LogRecord[] {
  const junk = Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x30, 0x6d, 0xc3, 0x28, 0x07, 0x80]).toString(
    'utf8',
  );
  const huge = `payload ${'A'.repeat(1_000_000)}`;
  const lines: LogRecord[] = [];
  for (let t = WINDOW_START, n = 0; t < WINDOW_END; t += 10, n++) {
    const after = t >= ONSET;
    lines.push({ timestamp: t, service: 'api', level: 'info', message: `GET /items ${n}\r\n` });
    if (!after) continue;
    lines.push(
      { timestamp: t + 1, service: 'api', level: 'error', message: `${junk} frame ${n} dropped ${junk}` },
      { timestamp: t + 2, service: 'api', level: 'error', message: '' },
      { timestamp: t + 3, service: 'api', level: 'error', message: huge },
      { timestamp: t + 4, service: 'api', level: 'error', message: 'lone surrogate \ud800 and \udfff here' },
      // Two workers' stack traces, their lines interleaved and with CRLF endings.
      {
        timestamp: t + 5,
        service: 'worker',
        level: 'error',
        message:
          'java.lang.IllegalStateException: queue closed\r\n\tat com.acme.Queue.take(Queue.java:42)\r\n' +
          'INFO heartbeat\r\n\tat com.acme.Worker.run(Worker.java:7)',
        trace_id: `t${n}`,
      },
      {
        timestamp: t + 5.5,
        service: 'api',
        level: 'error',
        message: 'Traceback (most recent call last):\n  File "/app/h.py", line 3, in f\nKeyError: \'id\'',
        trace_id: `t${n}`,
      },
    );
  }
  return lines;
}

function storeOf(lines: LogRecord[]): TelemetryStore {
  const store = new TelemetryStore();
  for (const line of lines) store.addLog(line);
  return store;
}

describe('LogsAgent on bad input', () => {
  it('survives binary junk, invalid UTF-8, 1 MB lines, CRLF, empty and interleaved multi-line messages', async () => {
    const agent = new LogsAgent({ exampleChars: 200 });
    const result = await agent.investigate(testContext(storeOf(hostileLines()), ['api', 'worker']));
    expect(result.sources[0].status).toBe('ok');
    expect(result.findings.length).toBeGreaterThan(0);
    for (const finding of result.findings) {
      expect(() => FindingSchema.parse(finding)).not.toThrow();
      for (const example of (finding as { examples?: string[] }).examples ?? []) {
        expect(example.length).toBeLessThanOrEqual(200);
      }
    }
    // Valid JSON out, whatever came in.
    expect(() => JSON.parse(JSON.stringify(result.findings))).not.toThrow();
    const patterns = result.findings.filter((f) => f.kind === 'log_pattern');
    expect(
      patterns.some(
        (p) => p.kind === 'log_pattern' && p.exception_type === 'java.lang.IllegalStateException',
      ),
    ).toBe(true);
    const huge = patterns.find((p) => p.kind === 'log_pattern' && p.template.startsWith('payload'));
    expect(huge?.examples[0]).toMatch(/^payload A+…$/);
    const flow = result.findings.find((f) => f.kind === 'log_request_flow');
    expect(flow).toMatchObject({ first_error_service: 'worker', path: ['worker', 'api'] });
  });

  it('runs over an empty window', async () => {
    const result = await new LogsAgent().investigate(testContext(new TelemetryStore(), ['api']));
    expect(result.findings).toEqual([]);
    expect(result.sources[0]).toMatchObject({ status: 'no_data' });
  });
});

describe('LogsAgent when the log backend fails', () => {
  it('turns a backend timeout into a timeout finding', async () => {
    const slow: LogSource = {
      id: 'elasticsearch',
      search: async () =>
        failure('request timed out after 10000 ms', { connector: 'elasticsearch', query: 'q' }),
    };
    const result = await new LogsAgent().investigate(
      testContext(new TelemetryStore(), ['api'], { ports: { logs: slow } }),
    );
    expect(result.sources).toEqual([
      { source: 'elasticsearch', status: 'timeout', detail: 'request timed out after 10000 ms' },
    ]);
    expect(result.findings).toEqual([
      expect.objectContaining({ kind: 'source_error', status: 'timeout', source: 'elasticsearch' }),
    ]);
  });

  it('turns a connector that throws into an error finding', async () => {
    const throwing: LogSource = {
      id: 'splunk',
      search: async () => {
        throw new TypeError('Cannot read properties of undefined (reading "results")');
      },
    };
    const result = await new LogsAgent().investigate(
      testContext(new TelemetryStore(), ['api'], { ports: { logs: throwing } }),
    );
    expect(result.findings).toEqual([
      expect.objectContaining({
        kind: 'source_error',
        status: 'error',
        source: 'splunk',
        message: 'Cannot read properties of undefined (reading "results")',
      }),
    ]);
  });

  it('lets the investigation go on when the backend hangs: the other agents still report', async () => {
    const store = new TelemetryStore();
    for (let t = WINDOW_START; t <= WINDOW_END; t += 15) {
      store.addSample('api', 'error_rate', t, t < ONSET ? 0.01 : 0.4);
    }
    const hanging: LogSource = { id: 'loki', search: () => new Promise(() => undefined) };
    const base = testContext(store, ['api'], {
      ports: { logs: hanging, metrics: new MemoryMetricsSource(store) },
      plan: testPlan(['api'], { deadlines_ms: { metrics: 5000, logs: 50, deploy: 5000 } }),
    });
    const [logs, metrics] = await runAgents([new LogsAgent(), new MetricsAgent()], base);
    expect(logs.findings).toEqual([expect.objectContaining({ kind: 'source_error', status: 'timeout' })]);
    expect(metrics.findings.some((f) => f.kind === 'metric_anomaly' && f.service === 'api')).toBe(true);
  });
});
