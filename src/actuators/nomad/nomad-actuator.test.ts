/**
 * The Nomad actuator against a small stateful Nomad on the loopback recording server
 * (nomad-fake.ts). Requests and payloads follow the Nomad HTTP API reference: "Jobs" → Read
 * Job, List Job Versions, List Job Allocations, Revert to older Job Version (JobID,
 * JobVersion, EnforcePriorVersion), Scale Task Group (Count, Target.Group, Message; 400 while
 * a deployment is active); "Allocations" → Restart Allocation (POST
 * /v1/client/allocation/:alloc_id/restart); and the API overview: ACL token in
 * X-Nomad-Token, `namespace` and `region` query parameters.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STRATEGIES } from '../../core/vocabulary.js';
import { ctx, data, errorOf, step } from '../webhook/webhook-testing.js';
import { NomadActuator } from './nomad-actuator.js';
import { type NomadActuatorOptionsInput, NomadActuatorOptionsSchema } from './nomad-actuator-options.js';
import { ALLOC_IDS, type FakeAllocation, type FakeNomad, jobVersion, startFakeNomad } from './nomad-fake.js';

let nomad: FakeNomad | undefined;
afterEach(async () => {
  await nomad?.close();
  nomad = undefined;
});

const web = (image: string, count = 3, max?: number) => [{ name: 'web', count, image, max }];
const HISTORY = [
  jobVersion('checkout', 0, web('shop/checkout:1.4.0'), true),
  jobVersion('checkout', 1, web('shop/checkout:1.4.1'), true),
  jobVersion('checkout', 2, web('shop/checkout:1.5.0', 3, 6), false),
];

async function setup(
  options: Partial<NomadActuatorOptionsInput> = {},
  history = HISTORY,
  allocs: FakeAllocation[] = [],
) {
  nomad = await startFakeNomad(history, allocs);
  const pauses: number[] = [];
  const actuator = new NomadActuator(
    NomadActuatorOptionsSchema.parse({
      url: nomad.url,
      token: 'nomad-secret',
      namespace: 'shop',
      region: 'eu',
      ...options,
    }),
    { sleep: async (ms) => void pauses.push(ms) },
  );
  return { actuator, fake: nomad, pauses };
}

const requests = () => nomad!.server.requests.map((r) => `${r.method} ${r.path}`);
const writes = () => nomad!.server.requests.filter((r) => r.method !== 'GET');

describe('NomadActuator', () => {
  it('defaults to dry_run on the local agent and supports rollback, scale_up and restart', async () => {
    expect(NomadActuatorOptionsSchema.parse({})).toMatchObject({
      url: 'http://127.0.0.1:4646',
      dry_run: true,
      restart_pause_ms: 5000,
    });
    const { actuator } = await setup();
    expect(STRATEGIES.filter((s) => actuator.supports(s))).toEqual(['rollback', 'scale_up', 'restart']);
    expect(errorOf(await actuator.apply(step('failover'), ctx())).message).toBe(
      'strategy failover has no Nomad form; this actuator does not support it',
    );
    expect(nomad!.server.requests).toHaveLength(0);
  });

  it('describes the job: version, previous stable version, count, scaling max, images', async () => {
    const { actuator } = await setup();
    expect(data(await actuator.describe('checkout', ctx()))).toEqual({
      service: 'checkout',
      job: 'checkout',
      namespace: 'shop',
      type: 'service',
      status: 'running',
      version: '2',
      previous_version: '1',
      stable: false,
      images: ['shop/checkout:1.5.0'],
      groups: { web: 3 },
      replicas: 3,
      max_replicas: 6,
    });
    const [read, versions] = nomad!.server.requests;
    expect([read.method, read.path, read.query.get('namespace'), read.query.get('region')]).toEqual([
      'GET',
      '/v1/job/checkout',
      'shop',
      'eu',
    ]);
    expect(read.headers['x-nomad-token']).toBe('nomad-secret');
    expect(versions.path).toBe('/v1/job/checkout/versions');
  });

  it('in dry run (the default) reads, shows the exact revert request and sends nothing that changes the job', async () => {
    const { actuator } = await setup({ dry_run: undefined });
    const preview = data(await actuator.plan(step('rollback'), ctx()));
    expect(preview.summary).toBe(
      'dry run (Nomad has no dry run for this; nothing was sent): would revert Nomad job checkout from version 2 to version 1 (the newest older version marked stable)',
    );
    expect(preview.diff).toBe(
      [
        '- version 2: shop/checkout:1.5.0 (not marked stable)',
        '+ version 1: shop/checkout:1.4.1 (stable)',
        'note: Nomad records the revert as a new job version with the older spec',
        `POST ${nomad!.url}/v1/job/checkout/revert?namespace=shop&region=eu`,
        'x-nomad-token: <redacted>',
        'content-type: application/json',
        '{"JobID":"checkout","JobVersion":1,"EnforcePriorVersion":2}',
      ].join('\n'),
    );
    const receipt = data(await actuator.apply(step('rollback'), ctx()));
    expect(receipt.detail).toMatch(
      /^DRY RUN \(dry_run: true\): nothing was sent; would revert Nomad job checkout/,
    );
    expect(receipt.undo_token).toMatchObject({ actuator: 'nomad', strategy: 'rollback', dry_run: true });
    expect(data(await actuator.undo(step('rollback'), receipt, ctx())).detail).toBe(
      'the rollback of job checkout was a dry run; nothing to undo',
    );
    expect(writes()).toHaveLength(0);
    expect(nomad!.current().Version).toBe(2);
  });

  it('reverts to the previous stable version, then undoes to the version that was current', async () => {
    const { actuator, fake } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('rollback'), ctx()));
    expect(receipt.detail.split('\n')).toEqual([
      'revert Nomad job checkout from version 2 to version 1 (the newest older version marked stable).',
      '- version 2: shop/checkout:1.5.0 (not marked stable)',
      '+ version 1: shop/checkout:1.4.1 (stable)',
      'note: Nomad records the revert as a new job version with the older spec',
      'Nomad evaluation eval-102',
      'the job is now at version 3',
    ]);
    expect(receipt.undo_token).toEqual({
      actuator: 'nomad',
      strategy: 'rollback',
      job: 'checkout',
      namespace: 'shop',
      region: 'eu',
      dry_run: false,
      from_version: 2,
      to_version: 1,
      applied_version: 3,
    });
    expect(fake.current().TaskGroups[0].Tasks[0].Config.image).toBe('shop/checkout:1.4.1');

    // The same rollback again changes nothing: version 3 already runs 1.4.1.
    const again = data(await actuator.apply(step('rollback', { to_version: '1.4.1' }), ctx()));
    expect(again).toEqual({
      detail: 'job checkout version 3 already runs the spec of version 1; nothing to revert.',
      undo_token: null,
    });

    const undone = data(await actuator.undo(step('rollback'), receipt, ctx()));
    expect(undone.detail.split('\n')[0]).toBe(
      'reverted Nomad job checkout from version 3 back to version 2, as before the rollback',
    );
    expect(fake.current().TaskGroups[0].Tasks[0].Config.image).toBe('shop/checkout:1.5.0');
    const [revert, undo] = writes();
    expect([revert.method, revert.path, revert.query.get('namespace'), revert.query.get('region')]).toEqual([
      'POST',
      '/v1/job/checkout/revert',
      'shop',
      'eu',
    ]);
    expect(revert.headers['x-nomad-token']).toBe('nomad-secret');
    expect(JSON.parse(revert.body)).toEqual({ JobID: 'checkout', JobVersion: 1, EnforcePriorVersion: 2 });
    expect(JSON.parse(undo.body)).toEqual({ JobID: 'checkout', JobVersion: 2, EnforcePriorVersion: 3 });
  });

  it('picks the version by image tag or number, and names a bad or missing one', async () => {
    const { actuator } = await setup();
    expect(data(await actuator.plan(step('rollback', { to_version: '1.4.0' }), ctx())).summary).toContain(
      'to version 0 (the newest older version running 1.4.0)',
    );
    expect(data(await actuator.plan(step('rollback', { job_version: 0 }), ctx())).summary).toContain(
      'to version 0 (job version 0, as the step asks)',
    );
    expect(errorOf(await actuator.plan(step('rollback', { job_version: 7 }), ctx())).message).toBe(
      'params.job_version: 7 is not an older version of the job (current 2; older versions kept: 1, 0)',
    );
    expect(errorOf(await actuator.plan(step('rollback', { job_version: 'latest' }), ctx())).message).toBe(
      'params.job_version: expected a job version number, got "latest"',
    );
    await nomad!.close();
    const only = await setup({}, [jobVersion('checkout', 0, web('shop/checkout:1.0.0'), true)]);
    expect(errorOf(await only.actuator.apply(step('rollback'), ctx())).message).toBe(
      'the job is at version 0 and Nomad keeps no older version to revert to',
    );
    expect(data(await only.actuator.describe('checkout', ctx())).previous_version).toBeNull();
  });

  it('does not undo a revert over a later change of the job', async () => {
    const { actuator, fake } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('rollback'), ctx()));
    fake.versions.push(jobVersion('checkout', 4, web('shop/checkout:1.6.0'), false));
    expect(errorOf(await actuator.undo(step('rollback'), receipt, ctx()))).toEqual({
      message:
        'job checkout is at version 4, not version 3 that the rollback created: it changed since; not reverting over that change',
      retryable: false,
    });
    expect(writes()).toHaveLength(1);
  });

  it('scales the task group within scaling.max, and scales back to the previous count on undo', async () => {
    const { actuator, fake } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('scale_up', { from_replicas: 3, to_replicas: 8 }), ctx()));
    expect(receipt.detail.split('\n').slice(0, 3)).toEqual([
      'scale task group checkout/web from 3 to 6 (capped from 8 by scaling.max 6).',
      '- Count: 3',
      '+ Count: 6',
    ]);
    expect(fake.current().TaskGroups[0].Count).toBe(6);
    const undone = data(await actuator.undo(step('scale_up'), receipt, ctx()));
    expect(undone.detail.split('\n')[0]).toBe('scaled task group checkout/web back from 6 to 3');
    expect(fake.current().TaskGroups[0].Count).toBe(3);
    const [scale, back] = writes();
    expect([scale.method, scale.path, scale.query.get('namespace')]).toEqual([
      'POST',
      '/v1/job/checkout/scale',
      'shop',
    ]);
    expect(JSON.parse(scale.body)).toEqual({
      Count: 6,
      Target: { Group: 'web' },
      Message: 'afr inc-42 (inc-42-s2): scale_up',
    });
    expect(JSON.parse(back.body)).toMatchObject({ Count: 3, Target: { Group: 'web' } });
    expect(data(await actuator.undo(step('scale_up'), receipt, ctx())).detail).toBe(
      'task group checkout/web already runs 3; nothing to undo',
    );
  });

  it('needs the group of a multi-group job, and reports Nomad refusing to scale during a deployment', async () => {
    const groups = [
      { name: 'web', count: 2, image: 'shop/checkout:1' },
      { name: 'worker', count: 1, image: 'shop/worker:1' },
    ];
    const { actuator, fake } = await setup({ dry_run: false }, [jobVersion('checkout', 0, groups, true)]);
    expect(errorOf(await actuator.apply(step('scale_up'), ctx())).message).toBe(
      'job checkout has 2 task groups (web, worker); name the one to scale in integrations.nomad.groups',
    );
    fake.failNext.set('/v1/job/checkout/scale', {
      status: 400,
      body: 'job scaling blocked due to active deployment',
    });
    expect(errorOf(await actuator.apply(step('scale_up', { group: 'worker' }), ctx()))).toEqual({
      message:
        'Nomad HTTP 400 from POST /v1/job/checkout/scale: job scaling blocked due to active deployment',
      retryable: false,
    });
    const mapped = new NomadActuator(
      NomadActuatorOptionsSchema.parse({ url: fake.url, groups: { checkout: 'worker' }, dry_run: false }),
    );
    expect(data(await mapped.apply(step('scale_up'), ctx())).detail.split('\n')[0]).toBe(
      'scale task group checkout/worker from 1 to 2.',
    );
    expect(data(await mapped.apply(step('scale_up', { replicas: 2 }), ctx()))).toEqual({
      detail: 'task group checkout/worker already runs 2 (asked for 2); nothing to scale.',
      undo_token: null,
    });
  });

  it('restarts allocations one at a time, canary first, never restarting the canary twice', async () => {
    const allocs: FakeAllocation[] = [
      { id: ALLOC_IDS[0], name: 'checkout.web[0]', status: 'running' },
      { id: ALLOC_IDS[1], name: 'checkout.web[1]', status: 'running' },
      { id: ALLOC_IDS[2], name: 'checkout.web[2]', status: 'running' },
      { id: ALLOC_IDS[3], name: 'checkout.web[3]', status: 'complete' },
    ];
    const { actuator, pauses } = await setup({ dry_run: false, restart_pause_ms: 250 }, HISTORY, allocs);
    expect(actuator.supportsProgressive(step('restart'))).toBe(true);
    const canary = { ...step('restart', { canary: 1 }), id: 'inc-42-s2-canary' };
    const first = data(await actuator.apply(canary, ctx()));
    expect(first.detail.split('\n')[0]).toBe(
      'restart 1 of 3 running allocation(s) as a canary of Nomad job checkout in place, one at a time.',
    );
    const rest = data(await actuator.apply(step('restart'), ctx()));
    expect(rest.detail.split('\n')[0]).toBe(
      'restart the other 2 of 3 running allocation(s) (1 restarted as the canary) of Nomad job checkout in place, one at a time.',
    );
    expect(rest.detail.split('\n').at(-1)).toBe(
      `restarted 2 allocation(s): ${ALLOC_IDS[1]}, ${ALLOC_IDS[2]}`,
    );
    const restarts = writes();
    expect(restarts.map((r) => r.path)).toEqual(
      ALLOC_IDS.slice(0, 3).map((id) => `/v1/client/allocation/${id}/restart`),
    );
    for (const r of restarts) {
      expect([r.method, r.body, r.query.get('namespace'), r.headers['x-nomad-token']]).toEqual([
        'POST',
        '{}',
        'shop',
        'nomad-secret',
      ]);
    }
    expect(pauses).toEqual([250]);
    expect(data(await actuator.undo(step('restart'), rest, ctx())).detail).toBe(
      'a restart of job checkout cannot be undone (the tasks were restarted) and needs none',
    );
  });

  it('names the allocations already restarted when a later restart fails', async () => {
    const allocs: FakeAllocation[] = ALLOC_IDS.slice(0, 3).map((id, i) => ({
      id,
      name: `checkout.web[${i}]`,
      status: 'running',
    }));
    const { actuator, fake } = await setup({ dry_run: false, restart_pause_ms: 0 }, HISTORY, allocs);
    fake.failNext.set(`/v1/client/allocation/${ALLOC_IDS[1]}/restart`, {
      status: 500,
      body: 'Unknown allocation',
    });
    expect(errorOf(await actuator.apply(step('restart'), ctx()))).toEqual({
      message: `restarted 1 of 3 allocation(s) (${ALLOC_IDS[0]}), then allocation ${ALLOC_IDS[1]} failed: Nomad HTTP 500 from POST /v1/client/allocation/${ALLOC_IDS[1]}/restart: Unknown allocation`,
      retryable: false,
    });
    expect(writes()).toHaveLength(2);
  });

  it('reports a missing job word for word, and never retries a write', async () => {
    const { actuator, fake } = await setup({
      dry_run: false,
      retries: 3,
      jobs: { payments: 'payments-api' },
    });
    expect(errorOf(await actuator.describe('payments', ctx()))).toEqual({
      message: 'Nomad HTTP 404 from GET /v1/job/payments-api: job not found',
      retryable: false,
    });
    fake.failNext.set('/v1/job/checkout/revert', { status: 503, body: 'No cluster leader' });
    expect(errorOf(await actuator.apply(step('rollback'), ctx()))).toEqual({
      message: 'Nomad HTTP 503 from POST /v1/job/checkout/revert: No cluster leader',
      retryable: true,
    });
    expect(requests().filter((r) => r.startsWith('POST'))).toEqual(['POST /v1/job/checkout/revert']);
    // Once Nomad answered 2xx the revert is made: an unreadable answer does not turn it into a failure.
    fake.failNext.set('/v1/job/checkout/revert', { status: 200, body: 'reverted' });
    expect(data(await actuator.apply(step('rollback'), ctx())).detail).toMatch(/^revert Nomad job checkout/);
    expect(
      errorOf(await actuator.undo(step('rollback'), { detail: '', undo_token: { actuator: 'swarm' } }, ctx()))
        .message,
    ).toBe('undo_token is missing or was not issued by the Nomad actuator');
  });
});
