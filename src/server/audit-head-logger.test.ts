/**
 * The audit chain head in the service log: the logger on its own (start, a line per interval
 * only when the head moved, shutdown, an unreadable store), and `afr serve` writing pino
 * lines `{msg: 'audit chain head', audit_seq, audit_hash}` at start, on change and at shutdown,
 * and stamping its notifications (here a webhook notifier on a loopback recording server)
 * with a head that `checkAuditHead` finds in the store.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../config/index.js';
import { type RecordingServer, startRecordingServer } from '../connectors/testing/recording-server.js';
import { GENESIS_HASH } from '../store/audit-chain.js';
import { checkAuditHead } from '../store/audit-head.js';
import { MemoryStore } from '../store/memory-store.js';
import { AUDIT_HEAD_LOG_MESSAGE, AuditHeadLogger } from './audit-head-logger.js';
import { startAfrServer } from './serve.js';

interface Line {
  level: 'info' | 'warn';
  obj: Record<string, unknown>;
  msg?: string;
}

function recordingLog(): {
  lines: Line[];
  info: (o: object, m?: string) => void;
  warn: (o: object, m?: string) => void;
} {
  const lines: Line[] = [];
  return {
    lines,
    info: (obj, msg) => lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  };
}

const append = (store: MemoryStore, action: string) =>
  store.appendAudit({ incident_id: null, actor: 'commander', action, detail: {}, at: 1 });

let receiver: RecordingServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await receiver?.close();
  receiver = undefined;
});

describe('AuditHeadLogger', () => {
  it('logs at start, then each interval only when the head moved, and at shutdown', async () => {
    vi.useFakeTimers();
    const store = new MemoryStore();
    const log = recordingLog();
    const logger = new AuditHeadLogger(store, log, 60);
    await logger.start();
    expect(log.lines).toEqual([
      {
        level: 'info',
        obj: { audit_seq: 0, audit_hash: GENESIS_HASH, reason: 'start' },
        msg: AUDIT_HEAD_LOG_MESSAGE,
      },
    ]);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(log.lines).toHaveLength(1);
    const entry = await append(store, 'incident_created');
    await vi.advanceTimersByTimeAsync(59_000);
    expect(log.lines).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log.lines[1]).toEqual({
      level: 'info',
      obj: { audit_seq: 1, audit_hash: entry.hash, reason: 'changed' },
      msg: AUDIT_HEAD_LOG_MESSAGE,
    });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(log.lines).toHaveLength(2);

    const last = await append(store, 'resolved');
    await logger.stop();
    expect(log.lines[2]).toEqual({
      level: 'info',
      obj: { audit_seq: 2, audit_hash: last.hash, reason: 'shutdown' },
      msg: AUDIT_HEAD_LOG_MESSAGE,
    });
    await append(store, 'after-stop');
    await vi.advanceTimersByTimeAsync(600_000);
    expect(log.lines).toHaveLength(3);
  });

  it('with interval 0 logs only at start and shutdown', async () => {
    vi.useFakeTimers();
    const store = new MemoryStore();
    const log = recordingLog();
    const logger = new AuditHeadLogger(store, log, 0);
    await logger.start();
    await append(store, 'x');
    await vi.advanceTimersByTimeAsync(3_600_000);
    await logger.stop();
    expect(log.lines.map((l) => [l.obj.reason, l.obj.audit_seq])).toEqual([
      ['start', 0],
      ['shutdown', 1],
    ]);
  });

  it('warns instead of throwing when the store cannot be read', async () => {
    const store = new MemoryStore();
    await store.close();
    const log = recordingLog();
    const logger = new AuditHeadLogger(store, log, 60);
    await logger.start();
    await logger.stop();
    expect(log.lines.map((l) => [l.level, l.msg, l.obj.reason])).toEqual([
      ['warn', 'audit chain head unreadable', 'start'],
      ['warn', 'audit chain head unreadable', 'shutdown'],
    ]);
    expect(log.lines[0].obj.err).toMatch(/closed/);
  });
});

describe('afr serve', () => {
  it('writes the audit chain head to its pino log at start, on change and at shutdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afr-audit-head-'));
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const text of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(text));
        done();
      },
    });
    const config = parseConfig(
      [
        'server:',
        '  port: 0',
        '  audit_head_log_seconds: 1',
        'store:',
        `  data_dir: ${JSON.stringify(dir)}`,
        'agents:',
        '  metrics: { backend: bundle }',
        '  logs: { backend: bundle }',
        '  deploy: { backend: bundle }',
      ].join('\n'),
      {},
      'test-config.yml',
    );
    const server = await startAfrServer({ config, env: {}, logger: { level: 'info', stream } });
    const heads = () => lines.filter((l) => l.msg === AUDIT_HEAD_LOG_MESSAGE);
    try {
      expect(heads()).toEqual([
        expect.objectContaining({ level: 30, audit_seq: 0, audit_hash: GENESIS_HASH, reason: 'start' }),
      ]);
      const entry = await server.storage.store.appendAudit({
        incident_id: null,
        actor: 'api',
        action: 'kill_switch_on',
        detail: {},
        at: 1,
      });
      await vi.waitFor(() => expect(heads()).toHaveLength(2), { timeout: 5_000, interval: 50 });
      expect(heads()[1]).toMatchObject({ audit_seq: 1, audit_hash: entry.hash, reason: 'changed' });
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(heads().at(-1)).toMatchObject({ audit_seq: 1, reason: 'shutdown' });
    expect(heads()).toHaveLength(3);
  });

  it("stamps each notification with a head that is in the store's chain", async () => {
    receiver = await startRecordingServer(() => ({ status: 204, body: '' }));
    const dir = mkdtempSync(join(tmpdir(), 'afr-audit-head-'));
    const config = parseConfig(
      [
        'server:',
        '  port: 0',
        'store:',
        `  data_dir: ${JSON.stringify(dir)}`,
        'incidents:',
        '  group_wait_s: 0',
        'agents:',
        '  metrics: { backend: bundle }',
        '  logs: { backend: bundle }',
        '  deploy: { backend: bundle }',
        'notifications:',
        '  notifiers:',
        `    - webhook: { url: "${receiver.url}/afr-events", retries: 0 }`,
      ].join('\n'),
      {},
      'test-config.yml',
    );
    const server = await startAfrServer({
      config,
      env: { AFR_WEBHOOK_TOKEN: 'hook' },
      logger: false,
      pollMs: 50,
    });
    try {
      const alert = readFileSync(
        new URL('../intake/alerts/__fixtures__/alertmanager-webhook-firing.json', import.meta.url),
        'utf8',
      );
      const accepted = await fetch(`${server.url}/webhooks/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer hook' },
        body: alert,
      });
      expect(accepted.status).toBe(200);
      await vi.waitFor(() => expect(receiver?.requests.length).toBeGreaterThan(0), {
        timeout: 15_000,
        interval: 100,
      });
      const sent = receiver.requests[0];
      expect([sent.method, sent.path]).toEqual(['POST', '/afr-events']);
      const body = JSON.parse(sent.body) as { kind: string; audit_head: { seq: number; hash: string } };
      expect(body.audit_head.seq).toBeGreaterThan(0);
      expect(body.audit_head.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await checkAuditHead(server.storage.store, body.audit_head)).toEqual({
        ok: true,
        head: body.audit_head,
      });
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
