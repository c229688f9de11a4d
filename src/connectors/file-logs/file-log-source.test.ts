// JSON lines follow the afr bundle spec's logs.jsonl fields (timestamp, service, level,
// message, trace_id, span_id); text lines the common "ISO-8601 timestamp, level, message"
// layout (log4j/logback default pattern, Python logging's asctime, Go's zap console).
import { appendFile, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLogSource } from './file-log-source.js';
import { FileLogsOptionsSchema } from './file-logs-options.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'afr-file-logs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ctx = () => ({ signal: AbortSignal.timeout(5000) });
const T0 = Date.UTC(2024, 4, 1, 12, 0, 0) / 1000; // 2024-05-01T12:00:00Z
const all = { start: T0 - 3600, end: T0 + 3600 };

describe('FileLogSource', () => {
  it('reads bundle-style JSON lines and filters by range, service, level and text', async () => {
    const file = join(dir, 'logs.jsonl');
    const lines = [
      {
        timestamp: T0 + 2,
        service: 'checkout',
        level: 'ERROR',
        message: 'Payment timeout',
        trace_id: 't1',
        span_id: 's1',
      },
      { timestamp: '2024-05-01T12:00:01Z', service: 'checkout', level: 'warning', message: 'payment slow' },
      { timestamp: T0 + 3, service: 'cart', level: 'error', message: 'payment failed' },
      { timestamp: T0 + 7200, service: 'checkout', level: 'error', message: 'payment later' },
      { ts: (T0 + 4) * 1000, 'service.name': 'checkout', severity: 50, msg: 'pino payment' },
    ];
    await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const source = new FileLogSource({ path: file });
    const outcome = await source.search(
      { range: all, services: ['checkout'], levels: ['error', 'warn'], text: 'PAYMENT' },
      ctx(),
    );
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.data).toEqual([
      { timestamp: T0 + 1, service: 'checkout', level: 'warn', message: 'payment slow' },
      {
        timestamp: T0 + 2,
        service: 'checkout',
        level: 'error',
        message: 'Payment timeout',
        trace_id: 't1',
        span_id: 's1',
      },
      { timestamp: T0 + 4, service: 'checkout', level: 'error', message: 'pino payment' },
    ]);
    expect(outcome.source).toEqual({ connector: 'file-logs', query: expect.stringContaining('logs.jsonl') });
  });

  it('reads text lines with the default pattern, CRLF, a BOM and stack traces', async () => {
    const file = join(dir, 'checkout.log');
    const text =
      '\uFEFF2024-05-01T12:00:00.250Z INFO started\r\n' +
      '2024-05-01 12:00:01,500 [ERROR] charge failed\r\n' +
      'java.lang.IllegalStateException: boom\r\n' +
      '\tat com.shop.Pay.charge(Pay.java:42)\r\n' +
      '2024-05-01T14:00:02+02:00 Listening on :8080\r\n';
    await writeFile(file, text);
    const outcome = await new FileLogSource({ path: file }).search({ range: all }, ctx());
    expect(outcome.kind === 'ok' && outcome.data).toEqual([
      { timestamp: T0 + 0.25, service: 'checkout', level: 'info', message: 'started' },
      {
        timestamp: T0 + 1.5,
        service: 'checkout',
        level: 'error',
        message:
          'charge failed\njava.lang.IllegalStateException: boom\n\tat com.shop.Pay.charge(Pay.java:42)',
      },
      { timestamp: T0 + 2, service: 'checkout', level: 'info', message: 'Listening on :8080' },
    ]);
  });

  it('uses a configured pattern with service and trace groups', async () => {
    const file = join(dir, 'app.txt');
    await writeFile(file, '[2024-05-01T12:00:05Z] api-gw E trace=abc123 upstream reset\n');
    const source = new FileLogSource({
      path: file,
      format: 'text',
      pattern:
        '^\\[(?<timestamp>[^\\]]+)\\] (?<service>\\S+) (?<level>\\w) trace=(?<trace_id>\\w+) (?<message>.*)$',
      pattern_flags: '',
    });
    const outcome = await source.search({ range: all }, ctx());
    expect(outcome.kind === 'ok' && outcome.data).toEqual([
      { timestamp: T0 + 5, service: 'api-gw', level: 'error', message: 'upstream reset', trace_id: 'abc123' },
    ]);
  });

  it('reads every file matching a glob, oldest first, with the service from each name', async () => {
    await writeFile(join(dir, 'cart.log'), '2024-05-01T12:00:02Z WARN cart slow\n');
    await writeFile(join(dir, 'web.log'), '2024-05-01T12:00:01Z ERROR web down\n');
    await writeFile(join(dir, 'notes.md'), '2024-05-01T12:00:03Z ERROR not a log\n');
    await utimes(join(dir, 'web.log'), T0, T0);
    const outcome = await new FileLogSource({ path: join(dir, '*.log') }).search({ range: all }, ctx());
    expect(outcome.kind === 'ok' && outcome.data.map((r) => [r.service, r.message])).toEqual([
      ['web', 'web down'],
      ['cart', 'cart slow'],
    ]);
    const whole = await new FileLogSource({ path: dir }).search({ range: all }, ctx());
    expect(whole.kind === 'ok' && whole.data).toHaveLength(3);
  });

  it('stops at the limit and at the read budget, saying so', async () => {
    const file = join(dir, 'many.log');
    const lines = Array.from(
      { length: 1000 },
      (_, i) => `2024-05-01T12:00:${String(i % 60).padStart(2, '0')}Z INFO line ${i}`,
    );
    await writeFile(file, `${lines.join('\n')}\n`);
    const limited = await new FileLogSource({ path: file }).search({ range: all, limit: 10 }, ctx());
    expect(limited.kind === 'ok' && limited.data).toHaveLength(10);
    expect(limited.source.query).toContain('[truncated: limit of 10 records reached]');

    const budget = await new FileLogSource({ path: file, max_bytes: 1000 }).search({ range: all }, ctx());
    expect(budget.kind === 'ok' && budget.data.length).toBeLessThan(40);
    expect(budget.kind === 'ok' && budget.data.length).toBeGreaterThan(20);
    expect(budget.source.query).toContain('[truncated: read budget of 1000 bytes reached]');
  });

  it('survives binary junk, invalid UTF-8, an empty file and a 1 MB line', async () => {
    await writeFile(join(dir, 'empty.log'), '');
    const junk = Buffer.concat([
      Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x0a]),
      Buffer.from('2024-05-01T12:00:00Z ERROR caf'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(' broken utf8\n{"timestamp": "nope", "message": "no time"}\n{not json\n'),
      Buffer.from(`2024-05-01T12:00:01Z INFO ${'x'.repeat(1024 * 1024)}\n`),
      Buffer.alloc(4096, 0),
    ]);
    await writeFile(join(dir, 'junk.log'), junk);
    const outcome = await new FileLogSource({ path: dir }).search({ range: all }, ctx());
    expect(outcome.kind).toBe('ok');
    if (outcome.kind !== 'ok') return;
    expect(outcome.data).toHaveLength(2);
    expect(outcome.data[0].message).toBe(
      'caf\uFFFD( broken utf8\n{"timestamp": "nope", "message": "no time"}\n{not json',
    );
    expect(outcome.data[1].message).toHaveLength(1024 * 1024);
    expect(outcome.source.query).toContain('[2 unreadable lines skipped]');

    const empty = await new FileLogSource({ path: join(dir, 'empty.log') }).search({ range: all }, ctx());
    expect(empty.kind).toBe('no_data');
  });

  it('skips junk in strict JSON lines mode and cuts over-long lines', async () => {
    const file = join(dir, 'strict.jsonl');
    await writeFile(
      file,
      `${JSON.stringify({ timestamp: T0, service: 's', level: 'info', message: 'ok' })}\nplain text\n` +
        `${JSON.stringify({ timestamp: T0, service: 's', level: 'info', message: 'y'.repeat(500) })}\n`,
    );
    const outcome = await new FileLogSource({ path: file, format: 'jsonl', max_line_bytes: 200 }).search(
      { range: all },
      ctx(),
    );
    expect(outcome.kind === 'ok' && outcome.data.map((r) => r.message)).toEqual(['ok']);
    expect(outcome.source.query).toContain('[2 unreadable lines skipped]');
    expect(outcome.source.query).toContain('[1 lines longer than 200 bytes cut]');
  });

  it('reports a missing file and the caller deadline as errors', async () => {
    const missing = await new FileLogSource({ path: join(dir, 'nope.log') }).search({ range: all }, ctx());
    expect(missing.kind === 'error' && missing.message).toMatch(/ENOENT/);
    await writeFile(join(dir, 'a.log'), '2024-05-01T12:00:00Z INFO a\n');
    const controller = new AbortController();
    controller.abort(new DOMException('deadline', 'TimeoutError'));
    const aborted = await new FileLogSource({ path: join(dir, 'a.log') }).search(
      { range: all },
      { signal: controller.signal },
    );
    expect(aborted.kind === 'error' && aborted.message).toMatch(/deadline/);
  });

  it('rejects a pattern that does not compile or has no timestamp group', () => {
    expect(FileLogsOptionsSchema.safeParse({ path: 'x', pattern: '(' }).success).toBe(false);
    expect(FileLogsOptionsSchema.safeParse({ path: 'x', pattern: '^(?<message>.*)$' }).success).toBe(false);
  });

  it('appends to a growing file without losing the last line without newline', async () => {
    const file = join(dir, 'tail.log');
    await writeFile(file, '2024-05-01T12:00:00Z INFO a\n2024-05-01T12:00:01Z INFO b');
    const first = await new FileLogSource({ path: file }).search({ range: all }, ctx());
    expect(first.kind === 'ok' && first.data.map((r) => r.message)).toEqual(['a', 'b']);
    await appendFile(file, '\n2024-05-01T12:00:02Z INFO c\n');
    const second = await new FileLogSource({ path: file }).search({ range: all }, ctx());
    expect(second.kind === 'ok' && second.data.map((r) => r.message)).toEqual(['a', 'b', 'c']);
  });
});
