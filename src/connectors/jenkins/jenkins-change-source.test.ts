/**
 * Follows the Jenkins handbook "Remote Access API" (`/api/json` on any job URL, the `tree`
 * query parameter with `{M,N}` ranges over builds, nested jobs at /job/a/job/b) and
 * "Authenticating scripted clients" (HTTP basic auth with a user name and API token). The
 * payloads are those of FreeStyleProject/WorkflowJob with ParametersAction and CauseAction.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Handler, type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { BUILD_TREE } from './jenkins-builds.js';
import { JenkinsChangeSource } from './jenkins-change-source.js';
import { type JenkinsOptionsInput, JenkinsOptionsSchema } from './jenkins-options.js';

const T = (iso: string) => Date.parse(iso) / 1000;
const RANGE = { start: T('2024-05-01T00:00:00Z'), end: T('2024-05-02T00:00:00Z') };
const ctx = () => ({ signal: new AbortController().signal });

function build(number: number, result: string | null, started: string, version: string, user?: string) {
  return {
    _class: 'org.jenkinsci.plugins.workflow.job.WorkflowRun',
    actions: [
      {
        _class: 'hudson.model.ParametersAction',
        parameters: [
          { _class: 'hudson.model.StringParameterValue', name: 'ENVIRONMENT', value: 'production' },
          { _class: 'hudson.model.StringParameterValue', name: 'IMAGE_TAG', value: version },
        ],
      },
      {
        _class: 'hudson.model.CauseAction',
        causes: user
          ? [
              {
                _class: 'hudson.model.Cause$UserIdCause',
                shortDescription: `Started by user ${user}`,
                userId: user.toLowerCase(),
                userName: user,
              },
            ]
          : [
              {
                _class: 'hudson.triggers.TimerTrigger$TimerTriggerCause',
                shortDescription: 'Started by timer',
              },
            ],
      },
      {},
      { _class: 'org.jenkinsci.plugins.workflow.libs.LibrariesAction' },
    ],
    displayName: `#${number}`,
    duration: 120_000,
    number,
    result,
    timestamp: Date.parse(started),
    url: `https://jenkins.example.com/job/platform/job/deploy-checkout/${number}/`,
  };
}

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function sourceWith(handler: Handler, options: Partial<JenkinsOptionsInput> = {}) {
  server = await startRecordingServer(handler);
  return new JenkinsChangeSource(
    JenkinsOptionsSchema.parse({
      url: server.url,
      username: 'afr-bot',
      api_token: '11aa22bb33cc',
      jobs: ['platform/deploy-checkout'],
      retries: 0,
      ...options,
    }),
  );
}

describe('JenkinsChangeSource', () => {
  it('reads a foldered job with basic auth and a tree filter; successful builds become deploys', async () => {
    const source = await sourceWith(
      () => ({
        body: {
          _class: 'org.jenkinsci.plugins.workflow.job.WorkflowJob',
          builds: [
            build(45, null, '2024-05-01T13:00:00Z', '1.4.4', 'Jane'),
            build(44, 'FAILURE', '2024-05-01T12:00:00Z', '1.4.3', 'Jane'),
            build(43, 'SUCCESS', '2024-05-01T11:00:00Z', '1.4.2', 'Jane'),
            build(42, 'SUCCESS', '2024-04-30T11:00:00Z', '1.4.1'),
          ],
        },
      }),
      { version_parameter: 'IMAGE_TAG', services: { 'platform/deploy-checkout': 'checkout' }, page_size: 10 },
    );
    const outcome = await source.changes({ range: RANGE }, ctx());

    expect(server!.requests).toHaveLength(1);
    const request = server!.requests[0];
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/job/platform/job/deploy-checkout/api/json');
    expect(request.query.get('tree')).toBe(`${BUILD_TREE}{0,10}`);
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from('afr-bot:11aa22bb33cc').toString('base64')}`,
    );

    expect(outcome.kind === 'ok' && outcome.data).toEqual([
      {
        timestamp: T('2024-05-01T11:02:00Z'),
        service: 'checkout',
        kind: 'deploy',
        version: '1.4.2',
        previous_version: '1.4.1',
        description: 'platform/deploy-checkout #43: Started by user Jane',
        author: 'Jane',
        id: 'jenkins:platform/deploy-checkout#43',
      },
    ]);
  });

  it('pages with {M,N} ranges until a build started before the range', async () => {
    const source = await sourceWith(
      (request) => {
        const tree = request.query.get('tree') ?? '';
        if (tree.endsWith('{0,2}')) {
          return {
            body: {
              builds: [
                build(9, 'SUCCESS', '2024-05-01T20:00:00Z', 'v9'),
                build(8, 'SUCCESS', '2024-05-01T10:00:00Z', 'v8'),
              ],
            },
          };
        }
        if (tree.endsWith('{2,4}')) {
          return {
            body: {
              builds: [
                build(7, 'SUCCESS', '2024-05-01T05:00:00Z', 'v7'),
                build(6, 'SUCCESS', '2024-04-29T05:00:00Z', 'v6'),
              ],
            },
          };
        }
        return { status: 500, body: 'must not be read' };
      },
      { jobs: ['deploy-web'], page_size: 2 },
    );
    const outcome = await source.changes({ range: RANGE }, ctx());
    expect(server!.requests.map((r) => r.query.get('tree')?.slice(BUILD_TREE.length))).toEqual([
      '{0,2}',
      '{2,4}',
    ]);
    expect(server!.requests[0].path).toBe('/job/deploy-web/api/json');
    // No version parameter configured: the build number is the version.
    expect(
      outcome.kind === 'ok' && outcome.data.map((c) => [c.service, c.version, c.previous_version, c.author]),
    ).toEqual([
      ['deploy-web', '#7', '#6', undefined],
      ['deploy-web', '#8', '#7', undefined],
      ['deploy-web', '#9', '#8', undefined],
    ]);
  });

  it('answers ok with no changes for a job without builds and skips other services', async () => {
    const source = await sourceWith(
      () => ({ body: { _class: 'hudson.model.FreeStyleProject', builds: [] } }),
      {
        jobs: ['deploy-a', 'deploy-b'],
      },
    );
    expect(await source.changes({ range: RANGE, services: ['deploy-b'] }, ctx())).toMatchObject({
      kind: 'ok',
      data: [],
    });
    expect(server!.requests.map((r) => r.path)).toEqual(['/job/deploy-b/api/json']);
  });

  it('reports 404 and 401 with the server text, 503 as retryable', async () => {
    const missing = await sourceWith(() => ({
      status: 404,
      body: '<html><head><title>Error 404 Not Found</title></head><body><h2>HTTP ERROR 404 Not Found</h2></body></html>',
    }));
    const notFound = await missing.changes({ range: RANGE }, ctx());
    expect(notFound).toMatchObject({ kind: 'error', retryable: false });
    expect(notFound.kind === 'error' && notFound.message).toContain('HTTP ERROR 404 Not Found');
    await server!.close();
    const unauthorized = await sourceWith(() => ({
      status: 401,
      body: '<html><head><title>Error 401 Unauthorized</title></head><body><h2>HTTP ERROR 401 Unauthorized</h2></body></html>',
    }));
    const denied = await unauthorized.changes({ range: RANGE }, ctx());
    expect(denied.kind === 'error' && denied.message).toContain('HTTP 401');
    await server!.close();
    const busy = await sourceWith(() => ({ status: 503, body: 'Jenkins is getting ready to work' }));
    expect(await busy.changes({ range: RANGE }, ctx())).toMatchObject({ kind: 'error', retryable: true });
  });

  it('turns a malformed payload into an error and respects the deadline', async () => {
    const malformed = await sourceWith(() => ({ body: { builds: [{ number: 'x' }] } }));
    const bad = await malformed.changes({ range: RANGE }, ctx());
    expect(bad.kind === 'error' && bad.message).toContain('unexpected Jenkins job payload');
    await server!.close();
    const slow = await sourceWith(() => ({ body: { builds: [] }, delayMs: 2_000 }));
    expect(await slow.changes({ range: RANGE }, { signal: AbortSignal.timeout(100) })).toMatchObject({
      kind: 'error',
      message: 'request aborted: the caller deadline passed',
    });
  });

  it('requires an API token with a user name', () => {
    const parsed = JenkinsOptionsSchema.safeParse({
      url: 'https://jenkins.example.com',
      username: 'bot',
      jobs: ['x'],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['api_token'], message: 'required with username' });
  });
});
