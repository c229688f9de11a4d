// Follow semantics of `tail -F` (GNU coreutils): keep reading appended data, start over
// when the file is truncated, and reopen the name when the file is rotated.
import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../core/telemetry.js';
import { followLogFile } from './follow-log-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'afr-follow-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const line = (second: number, text: string) =>
  `2024-05-01T12:00:${String(second).padStart(2, '0')}Z INFO ${text}\n`;

describe('followLogFile', () => {
  it('picks up appended lines, survives truncation and rotation, and stops on abort', async () => {
    const file = join(dir, 'api.log');
    await writeFile(file, line(0, 'old'));
    const seen: LogRecord[] = [];
    const controller = new AbortController();
    const following = followLogFile(file, (r) => seen.push(r), {
      signal: controller.signal,
      poll_interval_ms: 10,
    });
    const messages = () => seen.map((r) => r.message);

    await new Promise((r) => setTimeout(r, 50));
    await appendFile(file, line(1, 'one') + line(2, 'two'));
    await waitFor(() => messages().includes('two'));
    expect(messages()).toEqual(['one', 'two']);
    expect(seen[0].service).toBe('api');

    // A line written in two parts is one record.
    await appendFile(file, '2024-05-01T12:00:03Z ERROR half');
    await new Promise((r) => setTimeout(r, 50));
    await appendFile(file, ' and half\n');
    await waitFor(() => messages().length === 3);
    expect(seen[2]).toMatchObject({ level: 'error', message: 'half and half' });

    await truncate(file, 0);
    await new Promise((r) => setTimeout(r, 50));
    await appendFile(file, line(4, 'after truncate'));
    await waitFor(() => messages().includes('after truncate'));

    await appendFile(file, line(5, 'last of old file'));
    await rename(file, `${file}.1`);
    await writeFile(file, line(6, 'new file'));
    await waitFor(() => messages().includes('new file'));
    expect(messages().slice(3)).toEqual(['after truncate', 'last of old file', 'new file']);

    controller.abort();
    await expect(following).resolves.toBeUndefined();
  });

  it('reads from the start when asked, and waits for a file that does not exist yet', async () => {
    const existing = join(dir, 'a.jsonl');
    await writeFile(
      existing,
      `${JSON.stringify({ timestamp: 1, service: 's', level: 'warn', message: 'm' })}\n`,
    );
    const seen: LogRecord[] = [];
    const controller = new AbortController();
    const a = followLogFile(existing, (r) => seen.push(r), {
      signal: controller.signal,
      poll_interval_ms: 10,
      from_start: true,
    });
    const later = join(dir, 'later.log');
    const b = followLogFile(later, (r) => seen.push(r), { signal: controller.signal, poll_interval_ms: 10 });
    await new Promise((r) => setTimeout(r, 50));
    await writeFile(later, line(9, 'created later'));
    await waitFor(() => seen.length === 2);
    expect(seen.map((r) => r.message).sort()).toEqual(['created later', 'm']);
    controller.abort();
    await Promise.all([a, b]);
  });
});
