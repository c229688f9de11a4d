/**
 * Follows the GitHub REST API documentation: "REST API endpoints for deployments" (List
 * deployments, GET /repos/{owner}/{repo}/deployments), "REST API endpoints for releases"
 * (List releases, GET /repos/{owner}/{repo}/releases), "Using pagination in the REST API"
 * (the Link header, rel="next") and the headers it asks for (Accept:
 * application/vnd.github+json, X-GitHub-Api-Version: 2022-11-28, Authorization: Bearer).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Handler, type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { GitHubChangeSource } from './github-change-source.js';
import { type GitHubOptionsInput, GitHubOptionsSchema } from './github-options.js';
import { nextLink } from './github-pages.js';

const T = (iso: string) => Date.parse(iso) / 1000;
const RANGE = { start: T('2024-05-01T00:00:00Z'), end: T('2024-05-02T00:00:00Z') };
const ctx = () => ({ signal: new AbortController().signal });

const octocat = {
  login: 'octocat',
  id: 1,
  node_id: 'MDQ6VXNlcjE=',
  avatar_url: 'https://github.com/images/error/octocat_happy.gif',
  type: 'User',
  site_admin: false,
};

function deployment(
  id: number,
  sha: string,
  environment: string,
  createdAt: string,
  description: string | null,
) {
  return {
    url: `https://api.github.com/repos/acme/checkout/deployments/${id}`,
    id,
    node_id: 'MDEwOkRlcGxveW1lbnQx',
    sha,
    ref: 'main',
    task: 'deploy',
    payload: {},
    original_environment: environment,
    environment,
    description,
    creator: octocat,
    created_at: createdAt,
    updated_at: createdAt,
    statuses_url: `https://api.github.com/repos/acme/checkout/deployments/${id}/statuses`,
    repository_url: 'https://api.github.com/repos/acme/checkout',
    transient_environment: false,
    production_environment: environment === 'production',
  };
}

function release(id: number, tag: string, publishedAt: string | null, draft = false) {
  return {
    url: `https://api.github.com/repos/acme/checkout/releases/${id}`,
    html_url: `https://github.com/acme/checkout/releases/${tag}`,
    id,
    node_id: 'MDc6UmVsZWFzZTE=',
    tag_name: tag,
    target_commitish: 'main',
    name: tag,
    body: 'Description of the release',
    draft,
    prerelease: false,
    created_at: publishedAt ?? '2024-05-01T16:00:00Z',
    published_at: publishedAt,
    author: octocat,
    assets: [],
  };
}

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function sourceWith(handler: Handler, options: Partial<GitHubOptionsInput> = {}) {
  server = await startRecordingServer(handler);
  const parsed = GitHubOptionsSchema.parse({
    url: server.url,
    token: 'ghp_test',
    repos: ['acme/checkout'],
    retries: 0,
    ...options,
  });
  return new GitHubChangeSource(parsed);
}

describe('GitHubChangeSource', () => {
  it('reads deployments and releases with the documented headers and maps them', async () => {
    const source = await sourceWith(
      (request) =>
        request.path.endsWith('/deployments')
          ? {
              body: [
                deployment(
                  3,
                  'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3',
                  'production',
                  '2024-05-01T12:00:00Z',
                  'Deploy request from hubot',
                ),
                deployment(
                  2,
                  'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2',
                  'staging',
                  '2024-05-01T11:00:00Z',
                  null,
                ),
                deployment(
                  1,
                  'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1',
                  'production',
                  '2024-04-30T10:00:00Z',
                  null,
                ),
              ],
            }
          : {
              body: [
                release(12, 'v1.5.0-draft', null, true),
                release(11, 'v1.4.0', '2024-05-01T09:00:00Z'),
                release(10, 'v1.3.0', '2024-04-20T09:00:00Z'),
              ],
            },
      { services: { 'acme/checkout': 'checkout-svc' } },
    );
    const outcome = await source.changes({ range: RANGE }, ctx());

    expect(server!.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /repos/acme/checkout/deployments?per_page=100',
      'GET /repos/acme/checkout/releases?per_page=100',
    ]);
    for (const request of server!.requests) {
      expect(request.headers.accept).toBe('application/vnd.github+json');
      expect(request.headers['x-github-api-version']).toBe('2022-11-28');
      expect(request.headers.authorization).toBe('Bearer ghp_test');
    }
    expect(outcome).toMatchObject({ kind: 'ok' });
    expect(outcome.kind === 'ok' && outcome.data).toEqual([
      {
        timestamp: T('2024-05-01T09:00:00Z'),
        service: 'checkout-svc',
        kind: 'deploy',
        version: 'v1.4.0',
        previous_version: 'v1.3.0',
        description: 'release v1.4.0',
        author: 'octocat',
        id: 'github:acme/checkout:release:11',
      },
      {
        timestamp: T('2024-05-01T11:00:00Z'),
        service: 'checkout-svc',
        kind: 'deploy',
        version: 'b2b2b2b2b2b2',
        description: 'deploy of main to staging',
        author: 'octocat',
        id: 'github:acme/checkout:deployment:2',
      },
      {
        timestamp: T('2024-05-01T12:00:00Z'),
        service: 'checkout-svc',
        kind: 'deploy',
        version: 'c3c3c3c3c3c3',
        previous_version: 'a1a1a1a1a1a1',
        description: 'deploy of main to production: Deploy request from hubot',
        author: 'octocat',
        id: 'github:acme/checkout:deployment:3',
      },
    ]);
  });

  it('follows rel="next" until a page reaches past the range start; filters one environment', async () => {
    const source = await sourceWith(
      (request) => {
        const page = request.query.get('page');
        if (page === null) {
          return {
            headers: {
              link: `<${server!.url}/repositories/42/deployments?environment=production&per_page=100&page=2>; rel="next", <${server!.url}/repositories/42/deployments?environment=production&per_page=100&page=9>; rel="last"`,
            },
            body: [deployment(9, 'f'.repeat(40), 'production', '2024-05-01T20:00:00Z', null)],
          };
        }
        if (page === '2') {
          return {
            headers: {
              link: `<${server!.url}/repositories/42/deployments?environment=production&per_page=100&page=3>; rel="next"`,
            },
            body: [
              deployment(8, 'e'.repeat(40), 'production', '2024-05-01T08:00:00Z', null),
              deployment(7, 'd'.repeat(40), 'production', '2024-04-29T08:00:00Z', null),
            ],
          };
        }
        return { status: 500, body: { message: 'page 3 must not be read' } };
      },
      { environments: ['production'], releases: false },
    );
    const outcome = await source.changes({ range: RANGE }, ctx());
    expect(server!.requests.map((r) => `${r.path}?${r.query}`)).toEqual([
      '/repos/acme/checkout/deployments?per_page=100&environment=production',
      '/repositories/42/deployments?environment=production&per_page=100&page=2',
    ]);
    expect(server!.requests[1].headers.authorization).toBe('Bearer ghp_test');
    expect(outcome.kind === 'ok' && outcome.data.map((c) => [c.version, c.previous_version])).toEqual([
      ['eeeeeeeeeeee', 'dddddddddddd'],
      ['ffffffffffff', 'eeeeeeeeeeee'],
    ]);
  });

  it('skips repositories of other services and answers ok with no changes', async () => {
    const source = await sourceWith(() => ({ body: [] }), { repos: ['acme/checkout', 'acme/payments'] });
    const outcome = await source.changes({ range: RANGE, services: ['payments'] }, ctx());
    expect(server!.requests.map((r) => r.path)).toEqual([
      '/repos/acme/payments/deployments',
      '/repos/acme/payments/releases',
    ]);
    expect(outcome).toMatchObject({ kind: 'ok', data: [] });
  });

  it('returns GitHub 404 body word for word', async () => {
    const source = await sourceWith(() => ({
      status: 404,
      body: {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/deployments/deployments#list-deployments',
        status: '404',
      },
    }));
    const outcome = await source.changes({ range: RANGE }, ctx());
    expect(outcome).toMatchObject({ kind: 'error', retryable: false });
    expect(outcome.kind === 'error' && outcome.message).toContain('HTTP 404');
    expect(outcome.kind === 'error' && outcome.message).toContain('"message":"Not Found"');
  });

  it('reports 5xx as retryable and a malformed payload as an error', async () => {
    const failing = await sourceWith(() => ({ status: 502, body: 'Bad Gateway' }));
    expect(await failing.changes({ range: RANGE }, ctx())).toMatchObject({ kind: 'error', retryable: true });
    await server!.close();
    const malformed = await sourceWith(() => ({ body: { deployments: 'not a list' } }));
    const outcome = await malformed.changes({ range: RANGE }, ctx());
    expect(outcome).toMatchObject({ kind: 'error', retryable: false });
    expect(outcome.kind === 'error' && outcome.message).toContain('unexpected GitHub deployments payload');
  });

  it("stops at the caller's deadline", async () => {
    const source = await sourceWith(() => ({ body: [], delayMs: 2_000 }));
    const outcome = await source.changes({ range: RANGE }, { signal: AbortSignal.timeout(100) });
    expect(outcome).toMatchObject({ kind: 'error', message: 'request aborted: the caller deadline passed' });
  });
});

describe('nextLink', () => {
  it('finds rel="next" among the relations', () => {
    expect(
      nextLink(
        '<https://api.github.com/repositories/1/deployments?page=1>; rel="prev", <https://api.github.com/repositories/1/deployments?page=3>; rel="next"',
      ),
    ).toBe('https://api.github.com/repositories/1/deployments?page=3');
    expect(nextLink('<https://api.github.com/x?page=1>; rel="first"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});
