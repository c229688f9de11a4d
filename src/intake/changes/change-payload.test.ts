import { describe, expect, it } from 'vitest';
import { MAX_CHANGES_PER_REQUEST, parseChangesPayload } from './change-payload.js';

const NOW = 1_700_000_000;

describe('parseChangesPayload', () => {
  it('normalises one change: ISO timestamp, kind alias, numeric version, trimmed text', () => {
    const parsed = parseChangesPayload(
      {
        timestamp: '2023-11-14T22:13:20Z',
        service: ' checkout ',
        kind: 'Deployment',
        version: 42,
        previous_version: '41',
        description: 'deploy build 42',
        author: 'ci-bot',
        id: 'build-42',
        extra: 'ignored',
      },
      NOW,
    );
    expect(parsed).toEqual({
      ok: true,
      changes: [
        {
          timestamp: 1_700_000_000,
          service: 'checkout',
          kind: 'deploy',
          version: '42',
          previous_version: '41',
          description: 'deploy build 42',
          author: 'ci-bot',
          id: 'build-42',
        },
      ],
    });
  });

  it('reads epoch seconds, epoch milliseconds and numeric strings as the same instant', () => {
    const body = {
      changes: [
        { service: 'a', timestamp: 1_700_000_000, id: 's' },
        { service: 'a', timestamp: 1_700_000_000_500, id: 'ms' },
        { service: 'a', timestamp: '1700000000', id: 'text' },
      ],
    };
    const parsed = parseChangesPayload(body, NOW);
    expect(parsed.ok && parsed.changes.map((c) => c.timestamp)).toEqual([
      1_700_000_000, 1_700_000_000.5, 1_700_000_000,
    ]);
  });

  it('defaults kind to deploy and timestamp to the time of receipt', () => {
    const parsed = parseChangesPayload({ service: 'api' }, NOW);
    expect(parsed.ok && parsed.changes[0]).toMatchObject({ service: 'api', kind: 'deploy', timestamp: NOW });
  });

  it('derives a stable id from source and content when none is given', () => {
    const body = { source: 'spinnaker', changes: [{ service: 'api', timestamp: 100, version: 'v2' }] };
    const first = parseChangesPayload(body, NOW);
    const again = parseChangesPayload(body, NOW + 60);
    const other = parseChangesPayload({ ...body, changes: [{ ...body.changes[0], version: 'v3' }] }, NOW);
    const id = first.ok ? first.changes[0].id : undefined;
    expect(id).toMatch(/^spinnaker:[0-9a-f]{16}$/);
    expect(again.ok && again.changes[0].id).toBe(id);
    expect(other.ok && other.changes[0].id).not.toBe(id);
  });

  it('accepts the raw JSON text of a body', () => {
    const parsed = parseChangesPayload('{"service":"web","kind":"config","timestamp":5}', NOW);
    expect(parsed.ok && parsed.changes[0]).toMatchObject({ service: 'web', kind: 'config', timestamp: 5 });
  });

  it('lists every bad field with its path', () => {
    const parsed = parseChangesPayload(
      {
        changes: [
          { service: 'ok', timestamp: 1 },
          { timestamp: 'yesterday', kind: 'reboot' },
          { service: '', version: { tag: 1 } },
        ],
      },
      NOW,
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual(
      expect.arrayContaining([
        {
          path: 'changes[1].timestamp',
          message: 'expected epoch seconds, epoch milliseconds or an ISO-8601 timestamp with a zone',
        },
        { path: 'changes[1].service', message: 'required' },
        { path: 'changes[1].kind', message: 'expected one of deploy, config, feature_flag, scale, infra' },
        { path: 'changes[2].service', message: 'must not be empty' },
        { path: 'changes[2].version', message: 'expected a string' },
      ]),
    );
    expect(parsed.issues).toHaveLength(5);
  });

  it('rejects bodies that are not a change object', () => {
    expect(parseChangesPayload('{not json', NOW)).toEqual({
      ok: false,
      issues: [{ path: '', message: 'the body is not valid JSON' }],
    });
    expect(parseChangesPayload([{ service: 'a' }], NOW).ok).toBe(false);
    expect(parseChangesPayload(null, NOW).ok).toBe(false);
    expect(parseChangesPayload({ changes: [] }, NOW)).toEqual({
      ok: false,
      issues: [{ path: 'changes', message: 'must hold at least one change' }],
    });
    expect(parseChangesPayload({ changes: 'x' }, NOW)).toEqual({
      ok: false,
      issues: [{ path: 'changes', message: 'expected a list of changes' }],
    });
  });

  it('caps the batch size', () => {
    const changes = Array.from({ length: MAX_CHANGES_PER_REQUEST + 1 }, (_, i) => ({
      service: 's',
      timestamp: i,
    }));
    const parsed = parseChangesPayload({ changes }, NOW);
    expect(parsed).toEqual({
      ok: false,
      issues: [{ path: 'changes', message: `must hold at most ${MAX_CHANGES_PER_REQUEST} changes` }],
    });
  });
});
