/**
 * Follows the Argo CD API (server swagger, ApplicationService): Get
 * (GET /api/v1/applications/{name}, query appNamespace) and List (GET /api/v1/applications,
 * query projects, selector, appNamespace), authenticated with `Authorization: Bearer`
 * (Argo CD "API Docs"/"Security" pages), returning v1alpha1.Application with
 * `status.history[]` RevisionHistory entries (id, revision, revisions, deployedAt,
 * deployStartedAt, source, sources, initiatedBy); errors are the gRPC-gateway body
 * `{"error", "code", "message"}`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Handler, type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { ArgoCdChangeSource } from './argocd-change-source.js';
import { type ArgoCdOptionsInput, ArgoCdOptionsSchema } from './argocd-options.js';

const T = (iso: string) => Date.parse(iso) / 1000;
const RANGE = { start: T('2024-05-01T00:00:00Z'), end: T('2024-05-02T00:00:00Z') };
const ctx = () => ({ signal: new AbortController().signal });
const REPO = 'https://github.com/argoproj/argocd-example-apps.git';

function application(name: string, history: unknown[], labels: Record<string, string> = {}) {
  return {
    metadata: { name, namespace: 'argocd', uid: `uid-${name}`, resourceVersion: '123', labels },
    spec: {
      source: { repoURL: REPO, path: name, targetRevision: 'HEAD' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'default' },
      project: 'default',
    },
    status: {
      sync: { status: 'Synced', revision: 'c'.repeat(40) },
      health: { status: 'Healthy' },
      history,
      reconciledAt: '2024-05-01T12:30:00Z',
    },
  };
}

const guestbookHistory = [
  {
    revision: 'b'.repeat(40),
    deployedAt: '2024-05-01T10:00:00Z',
    id: 1,
    source: { repoURL: REPO, path: 'guestbook', targetRevision: 'HEAD' },
    deployStartedAt: '2024-05-01T09:59:40Z',
    initiatedBy: { automated: true },
  },
  {
    revision: 'a'.repeat(40),
    deployedAt: '2024-04-30T10:00:00Z',
    id: 0,
    source: { repoURL: REPO, path: 'guestbook', targetRevision: 'HEAD' },
    deployStartedAt: '2024-04-30T09:59:40Z',
    initiatedBy: { username: 'admin' },
  },
  {
    revision: 'c'.repeat(40),
    deployedAt: '2024-05-01T12:00:00Z',
    id: 2,
    source: { repoURL: REPO, path: 'guestbook', targetRevision: 'HEAD' },
    deployStartedAt: '2024-05-01T11:59:30Z',
    initiatedBy: { username: 'jane@example.com' },
  },
];

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function sourceWith(handler: Handler, options: Partial<ArgoCdOptionsInput> = {}) {
  server = await startRecordingServer(handler);
  return new ArgoCdChangeSource(
    ArgoCdOptionsSchema.parse({ url: server.url, token: 'argocd-token', retries: 0, ...options }),
  );
}

describe('ArgoCdChangeSource', () => {
  it('reads the history of each named Application with a bearer token', async () => {
    const source = await sourceWith(
      (request) =>
        request.path === '/api/v1/applications/guestbook'
          ? { body: application('guestbook', guestbookHistory) }
          : {
              body: application('helm-guestbook', [
                {
                  revision: '0.2.1',
                  deployedAt: '2024-05-01T11:00:00Z',
                  id: 7,
                  source: {
                    repoURL: 'https://charts.example.com',
                    chart: 'guestbook',
                    targetRevision: '0.2.1',
                  },
                },
              ]),
            },
      {
        applications: ['guestbook', 'helm-guestbook'],
        services: { guestbook: 'frontend' },
        app_namespace: 'argocd',
      },
    );
    const outcome = await source.changes({ range: RANGE }, ctx());

    expect(server!.requests.map((r) => `${r.method} ${r.path}?${r.query}`).sort()).toEqual([
      'GET /api/v1/applications/guestbook?appNamespace=argocd',
      'GET /api/v1/applications/helm-guestbook?appNamespace=argocd',
    ]);
    for (const request of server!.requests) expect(request.headers.authorization).toBe('Bearer argocd-token');

    expect(outcome.kind === 'ok' && outcome.data).toEqual([
      {
        timestamp: T('2024-05-01T10:00:00Z'),
        service: 'frontend',
        kind: 'deploy',
        version: 'bbbbbbbbbbbb',
        previous_version: 'aaaaaaaaaaaa',
        description: `Argo CD sync of guestbook: ${REPO} guestbook@HEAD`,
        author: 'automated sync',
        id: 'argocd:argocd/guestbook:1',
      },
      {
        timestamp: T('2024-05-01T11:00:00Z'),
        service: 'helm-guestbook',
        kind: 'deploy',
        version: '0.2.1',
        description: 'Argo CD sync of helm-guestbook: https://charts.example.com chart guestbook@0.2.1',
        id: 'argocd:argocd/helm-guestbook:7',
      },
      {
        timestamp: T('2024-05-01T12:00:00Z'),
        service: 'frontend',
        kind: 'deploy',
        version: 'cccccccccccc',
        previous_version: 'bbbbbbbbbbbb',
        description: `Argo CD sync of guestbook: ${REPO} guestbook@HEAD`,
        author: 'jane@example.com',
        id: 'argocd:argocd/guestbook:2',
      },
    ]);
  });

  it('lists Applications when none are named, mapping services by label, multi-source revisions', async () => {
    const source = await sourceWith(
      () => ({
        body: {
          metadata: { resourceVersion: '4242' },
          items: [
            application(
              'pay-prod',
              [
                {
                  revisions: ['d'.repeat(40), '1.0.0'],
                  deployedAt: '2024-05-01T08:00:00Z',
                  id: 3,
                  sources: [
                    { repoURL: REPO, path: 'payments', targetRevision: 'main' },
                    { repoURL: 'https://charts.example.com', chart: 'redis', targetRevision: '1.0.0' },
                  ],
                },
              ],
              { 'afr/service': 'payments' },
            ),
            application('no-history', []),
            { metadata: { name: 'never-synced', namespace: 'argocd' }, spec: {}, status: {} },
          ],
        },
      }),
      { projects: ['shop', 'data'], selector: 'team=payments', service_label: 'afr/service' },
    );
    const outcome = await source.changes({ range: RANGE, services: ['payments'] }, ctx());
    const request = server!.requests[0];
    expect(request.path).toBe('/api/v1/applications');
    expect(request.query.getAll('projects')).toEqual(['shop', 'data']);
    expect(request.query.get('selector')).toBe('team=payments');
    expect(outcome.kind === 'ok' && outcome.data).toEqual([
      {
        timestamp: T('2024-05-01T08:00:00Z'),
        service: 'payments',
        kind: 'deploy',
        version: 'dddddddddddd, 1.0.0',
        description: `Argo CD sync of pay-prod: ${REPO} payments@main + https://charts.example.com chart redis@1.0.0`,
        id: 'argocd:argocd/pay-prod:3',
      },
    ]);
  });

  it('answers ok with no changes for an empty list', async () => {
    const source = await sourceWith(() => ({ body: { metadata: {}, items: null } }));
    expect(await source.changes({ range: RANGE }, ctx())).toMatchObject({ kind: 'ok', data: [] });
  });

  it('returns the Argo CD error body for a missing Application and 403', async () => {
    const missing = await sourceWith(
      () => ({
        status: 404,
        body: {
          error: 'applications.argoproj.io "nope" not found',
          code: 5,
          message: 'applications.argoproj.io "nope" not found',
        },
      }),
      { applications: ['nope'] },
    );
    const outcome = await missing.changes({ range: RANGE }, ctx());
    expect(outcome).toMatchObject({ kind: 'error', retryable: false });
    expect(outcome.kind === 'error' && outcome.message).toContain(
      'applications.argoproj.io \\"nope\\" not found',
    );
    await server!.close();
    const denied = await sourceWith(() => ({
      status: 403,
      body: { error: 'permission denied', code: 7, message: 'permission denied' },
    }));
    const forbidden = await denied.changes({ range: RANGE }, ctx());
    expect(forbidden.kind === 'error' && forbidden.message).toContain('HTTP 403');
  });

  it('reports 5xx as retryable, a malformed Application as an error, and respects the deadline', async () => {
    const failing = await sourceWith(() => ({ status: 503, body: 'upstream connect error' }));
    expect(await failing.changes({ range: RANGE }, ctx())).toMatchObject({ kind: 'error', retryable: true });
    await server!.close();
    const malformed = await sourceWith(
      () => ({ body: { metadata: { name: 'guestbook' }, status: { history: [{ id: 'one' }] } } }),
      { applications: ['guestbook'] },
    );
    const bad = await malformed.changes({ range: RANGE }, ctx());
    expect(bad.kind === 'error' && bad.message).toContain('unexpected Argo CD application payload');
    await server!.close();
    const slow = await sourceWith(() => ({ body: { items: [] }, delayMs: 2_000 }));
    expect(await slow.changes({ range: RANGE }, { signal: AbortSignal.timeout(100) })).toMatchObject({
      kind: 'error',
      message: 'request aborted: the caller deadline passed',
    });
  });
});
