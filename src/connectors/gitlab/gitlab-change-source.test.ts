/**
 * Follows the GitLab documentation "Deployments API" (List project deployments:
 * GET /api/v4/projects/:id/deployments with updated_after, updated_before, order_by,
 * sort, environment, status), "REST API" authentication (PRIVATE-TOKEN header),
 * namespaced path encoding (`group%2Fproject`) and pagination headers (X-Next-Page).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Handler, type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { GitLabChangeSource } from './gitlab-change-source.js';
import { type GitLabOptionsInput, GitLabOptionsSchema } from './gitlab-options.js';

const T = (iso: string) => Date.parse(iso) / 1000;
const RANGE = { start: T('2024-05-01T00:00:00Z'), end: T('2024-05-02T00:00:00Z') };
const ctx = () => ({ signal: new AbortController().signal });

function deployment(
  id: number,
  sha: string,
  status: string,
  times: { created: string; updated: string; started?: string | null; finished?: string | null },
  environment = 'production',
) {
  return {
    created_at: times.created,
    updated_at: times.updated,
    status,
    deployable: {
      commit: {
        author_email: 'admin@example.com',
        author_name: 'Administrator',
        created_at: times.created,
        id: sha,
        message: "Merge branch 'new-title' into 'main'",
        short_id: sha.slice(0, 8),
        title: "Merge branch 'new-title' into 'main'",
      },
      coverage: null,
      created_at: times.created,
      finished_at: times.finished ?? null,
      id: 600 + id,
      name: 'deploy',
      ref: 'main',
      runner: null,
      stage: 'deploy',
      started_at: times.started ?? null,
      status,
      tag: false,
      user: { id: 1, name: 'Administrator', username: 'root', state: 'active' },
    },
    environment: { external_url: 'https://shop.example.com', id: 9, name: environment },
    id,
    iid: id,
    ref: 'main',
    sha,
    user: { id: 1, name: 'Administrator', state: 'active', username: 'root' },
  };
}

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function sourceWith(handler: Handler, options: Partial<GitLabOptionsInput> = {}) {
  server = await startRecordingServer(handler);
  return new GitLabChangeSource(
    GitLabOptionsSchema.parse({
      url: server.url,
      token: 'glpat-test',
      projects: ['acme/shop/checkout'],
      retries: 0,
      ...options,
    }),
  );
}

const isEarlierLookup = (query: URLSearchParams) => query.get('sort') === 'desc';

describe('GitLabChangeSource', () => {
  it('reads deployments updated in the range, page by page, with PRIVATE-TOKEN', async () => {
    const source = await sourceWith((request) => {
      if (isEarlierLookup(request.query)) {
        return {
          body: [
            deployment(40, 'a'.repeat(40), 'success', {
              created: '2024-04-30T09:00:00Z',
              updated: '2024-04-30T09:05:00Z',
              finished: '2024-04-30T09:04:30Z',
            }),
          ],
        };
      }
      if (request.query.get('page') === '1') {
        return {
          headers: { 'x-next-page': '2', 'x-page': '1', 'x-per-page': '100', 'x-total-pages': '2' },
          body: [
            deployment(41, 'b'.repeat(40), 'success', {
              created: '2024-05-01T09:00:00Z',
              updated: '2024-05-01T10:05:00Z',
              started: '2024-05-01T10:00:00Z',
              finished: '2024-05-01T10:04:00Z',
            }),
            deployment(42, 'c'.repeat(40), 'failed', {
              created: '2024-05-01T11:00:00Z',
              updated: '2024-05-01T11:10:00Z',
              finished: '2024-05-01T11:09:00Z',
            }),
          ],
        };
      }
      return {
        headers: { 'x-next-page': '', 'x-page': '2', 'x-per-page': '100', 'x-total-pages': '2' },
        body: [
          deployment(43, 'd'.repeat(40), 'running', {
            created: '2024-05-01T12:00:00Z',
            updated: '2024-05-01T12:01:00Z',
            started: '2024-05-01T12:00:30Z',
          }),
        ],
      };
    });
    const outcome = await source.changes({ range: RANGE }, ctx());

    const path = '/api/v4/projects/acme%2Fshop%2Fcheckout/deployments';
    const listing = server!.requests.filter((r) => !isEarlierLookup(r.query));
    expect(listing.map((r) => r.path)).toEqual([path, path]);
    expect(Object.fromEntries(listing[0].query)).toEqual({
      updated_after: '2024-05-01T00:00:00.000Z',
      updated_before: '2024-05-02T00:00:00.000Z',
      order_by: 'updated_at',
      sort: 'asc',
      per_page: '100',
      page: '1',
    });
    expect(listing[1].query.get('page')).toBe('2');
    const earlier = server!.requests.find((r) => isEarlierLookup(r.query))!;
    expect(Object.fromEntries(earlier.query)).toEqual({
      updated_before: '2024-05-01T00:00:00.000Z',
      order_by: 'updated_at',
      sort: 'desc',
      status: 'success',
      per_page: '20',
    });
    for (const request of server!.requests) {
      expect(request.headers['private-token']).toBe('glpat-test');
      expect(request.headers.authorization).toBeUndefined();
    }

    expect(outcome.kind === 'ok' && outcome.data).toEqual([
      {
        timestamp: T('2024-05-01T10:04:00Z'),
        service: 'checkout',
        kind: 'deploy',
        version: 'bbbbbbbbbbbb',
        previous_version: 'aaaaaaaaaaaa',
        description: 'deploy of main to production',
        author: 'root',
        id: 'gitlab:acme/shop/checkout:deployment:41',
      },
      {
        timestamp: T('2024-05-01T12:00:30Z'),
        service: 'checkout',
        kind: 'deploy',
        version: 'dddddddddddd',
        previous_version: 'bbbbbbbbbbbb',
        description: 'deploy of main to production (running)',
        author: 'root',
        id: 'gitlab:acme/shop/checkout:deployment:43',
      },
    ]);
  });

  it('passes one status and the environment to the API and maps a numeric project id', async () => {
    const source = await sourceWith(() => ({ body: [] }), {
      projects: [278964],
      services: { '278964': 'web' },
      statuses: ['success'],
      environment: 'production',
    });
    const outcome = await source.changes({ range: RANGE, services: ['web'] }, ctx());
    const listing = server!.requests.find((r) => r.query.get('sort') === 'asc')!;
    expect(listing.path).toBe('/api/v4/projects/278964/deployments');
    expect(listing.query.get('status')).toBe('success');
    expect(listing.query.get('environment')).toBe('production');
    expect(outcome).toMatchObject({ kind: 'ok', data: [] });

    const none = await source.changes({ range: RANGE, services: ['other'] }, ctx());
    expect(none).toMatchObject({ kind: 'ok', data: [] });
    expect(server!.requests).toHaveLength(2);
  });

  it('returns the GitLab error message for 404 and 401', async () => {
    const notFound = await sourceWith(() => ({ status: 404, body: { message: '404 Project Not Found' } }));
    const outcome = await notFound.changes({ range: RANGE }, ctx());
    expect(outcome).toMatchObject({ kind: 'error', retryable: false });
    expect(outcome.kind === 'error' && outcome.message).toContain('{"message":"404 Project Not Found"}');
    await server!.close();
    const unauthorized = await sourceWith(() => ({ status: 401, body: { message: '401 Unauthorized' } }));
    const denied = await unauthorized.changes({ range: RANGE }, ctx());
    expect(denied.kind === 'error' && denied.message).toContain('401 Unauthorized');
  });

  it('reports 503 as retryable, a malformed list as an error, and respects the deadline', async () => {
    const busy = await sourceWith(() => ({ status: 503, body: { message: '503 Service Unavailable' } }));
    expect(await busy.changes({ range: RANGE }, ctx())).toMatchObject({ kind: 'error', retryable: true });
    await server!.close();
    const malformed = await sourceWith(() => ({ body: [{ id: 'x' }] }));
    const bad = await malformed.changes({ range: RANGE }, ctx());
    expect(bad.kind === 'error' && bad.message).toContain('unexpected GitLab deployments payload');
    await server!.close();
    const slow = await sourceWith(() => ({ body: [], delayMs: 2_000 }));
    expect(await slow.changes({ range: RANGE }, { signal: AbortSignal.timeout(100) })).toMatchObject({
      kind: 'error',
      message: 'request aborted: the caller deadline passed',
    });
  });
});
