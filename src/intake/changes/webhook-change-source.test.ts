import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../core/telemetry.js';
import { createChangesWebhook } from './changes-webhook.js';
import { WebhookChangeSource } from './webhook-change-source.js';

const ctx = { signal: new AbortController().signal };
const change = (timestamp: number, service: string, id?: string): ChangeEvent => ({
  timestamp,
  service,
  kind: 'deploy',
  ...(id ? { id } : {}),
});

describe('WebhookChangeSource', () => {
  it('answers no_data before anything was posted, then the changes in the window, in time order', async () => {
    const source = new WebhookChangeSource();
    expect((await source.changes({ range: { start: 0, end: 100 } }, ctx)).kind).toBe('no_data');
    source.record([change(30, 'b', 'x'), change(10, 'a', 'y'), change(200, 'a', 'z')]);
    const outcome = await source.changes({ range: { start: 0, end: 100 } }, ctx);
    expect(outcome.kind === 'ok' && outcome.data.map((c) => c.id)).toEqual(['y', 'x']);
    const onlyA = await source.changes({ range: { start: 0, end: 300 }, services: ['a'] }, ctx);
    expect(onlyA.kind === 'ok' && onlyA.data.map((c) => c.id)).toEqual(['y', 'z']);
    const empty = await source.changes({ range: { start: 500, end: 600 } }, ctx);
    expect(empty).toMatchObject({ kind: 'ok', data: [] });
  });

  it('replaces a change re-posted with the same id', async () => {
    const source = new WebhookChangeSource();
    expect(source.record([change(10, 'a', 'd1')])).toEqual({ added: 1, replaced: 0, evicted: 0 });
    expect(source.record([{ ...change(12, 'a', 'd1'), version: 'v2' }])).toEqual({
      added: 0,
      replaced: 1,
      evicted: 0,
    });
    const outcome = await source.changes({ range: { start: 0, end: 100 } }, ctx);
    expect(outcome.kind === 'ok' && outcome.data).toEqual([{ ...change(12, 'a', 'd1'), version: 'v2' }]);
  });

  it('keeps at most maxChanges, evicting the oldest', async () => {
    const source = new WebhookChangeSource({ maxChanges: 2 });
    source.record([change(30, 'a', 'c'), change(10, 'a', 'a')]);
    expect(source.record([change(20, 'a', 'b')])).toEqual({ added: 1, replaced: 0, evicted: 1 });
    expect(source.size).toBe(2);
    const outcome = await source.changes({ range: { start: 0, end: 100 } }, ctx);
    expect(outcome.kind === 'ok' && outcome.data.map((c) => c.id)).toEqual(['b', 'c']);
    // The evicted id is forgotten: posting it again adds it (and evicts the new oldest).
    expect(source.record([change(40, 'a', 'a')]).added).toBe(1);
  });

  it('fails fast when the caller deadline already passed', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await new WebhookChangeSource().changes({ range: { start: 0, end: 1 } }, controller);
    expect(outcome).toMatchObject({ kind: 'error', retryable: true });
  });
});

describe('createChangesWebhook', () => {
  it('accepts a batch, records it and is idempotent by id', async () => {
    const sink = new WebhookChangeSource();
    const handle = createChangesWebhook({ sink, now: () => 1000 });
    const body = {
      source: 'github-actions',
      changes: [
        { service: 'checkout', version: 'abc123', id: 'gha-1', timestamp: 990 },
        { service: 'checkout', kind: 'flag', description: 'new_cart on', timestamp: 995 },
      ],
    };
    const first = handle(body);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ accepted: 2, replaced: 0 });
    expect(handle(body).body).toMatchObject({ accepted: 0, replaced: 2 });
    const outcome = await sink.changes({ range: { start: 900, end: 1000 } }, ctx);
    expect(outcome.kind === 'ok' && outcome.data.map((c) => [c.kind, c.timestamp])).toEqual([
      ['deploy', 990],
      ['feature_flag', 995],
    ]);
  });

  it('answers 400 naming each bad field and records nothing', () => {
    const sink = new WebhookChangeSource();
    const reply = createChangesWebhook({ sink })({ service: 'x', kind: 'meteor', timestamp: 'soon' });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      error: 'invalid change payload',
      issues: [
        { path: 'timestamp', message: expect.stringContaining('expected epoch seconds') },
        { path: 'kind', message: expect.stringContaining('expected one of deploy') },
      ],
    });
    expect(sink.size).toBe(0);
  });
});
