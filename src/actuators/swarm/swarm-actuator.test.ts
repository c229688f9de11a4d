/**
 * The Swarm actuator against a small stateful Swarm manager on the loopback recording
 * server (swarm-fake.ts). Requests and payloads follow the Docker Engine API reference
 * (v1.43): ServiceInspect, ServiceUpdate (`version` query required; `rollback=previous`
 * for a server-side rollback, "the supplied spec will be ignored"), ServiceUpdateResponse,
 * ErrorResponse; and the docker CLI reference: `docker service rollback` (restores the spec
 * from before the most recent update), `docker service scale` and `docker service update
 * --force` (increments TaskTemplate.ForceUpdate).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STRATEGIES } from '../../core/vocabulary.js';
import { ctx, data, errorOf, step } from '../webhook/webhook-testing.js';
import { SwarmActuator } from './swarm-actuator.js';
import { type SwarmActuatorOptionsInput, SwarmActuatorOptionsSchema } from './swarm-actuator-options.js';
import { type FakeSwarm, SERVICE_ID, serviceSpec, startFakeSwarm } from './swarm-fake.js';

let swarm: FakeSwarm | undefined;
afterEach(async () => {
  await swarm?.close();
  swarm = undefined;
});

const NAME = 'shop_checkout';
const BAD = serviceSpec(NAME, '1.5.0');
const GOOD = serviceSpec(NAME, '1.4.1');

async function setup(
  options: Partial<SwarmActuatorOptionsInput> = {},
  spec = BAD,
  previous: typeof GOOD | null = GOOD,
) {
  swarm = await startFakeSwarm(spec, previous ?? undefined);
  const actuator = new SwarmActuator(
    SwarmActuatorOptionsSchema.parse({
      url: swarm.url.replace('http://', 'tcp://'),
      api_version: '1.43',
      stack: 'shop',
      headers: { 'X-Proxy-Token': 'proxy-secret' },
      ...options,
    }),
  );
  return { actuator, fake: swarm };
}

const updates = () => swarm!.server.requests.filter((r) => r.method === 'POST');
const image = (tag: string) =>
  expect.stringMatching(
    new RegExp(`^registry\\.example/shop/checkout:${tag.replaceAll('.', '\\.')}@sha256:`),
  );

describe('SwarmActuatorOptionsSchema', () => {
  it('speaks http to a tcp:// address, defaults to dry_run, and names a bad api_version', () => {
    expect(SwarmActuatorOptionsSchema.parse({ url: 'tcp://manager:2375' })).toMatchObject({
      url: 'http://manager:2375',
      dry_run: true,
      scale_factor: 1.5,
    });
    const issues = SwarmActuatorOptionsSchema.safeParse({
      api_version: 'latest',
      url: 'unix:///var/run/docker.sock',
    }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual([
      'url: expected a tcp://, http:// or https:// address',
      'api_version: expected a version like 1.43',
    ]);
  });
});

describe('SwarmActuator', () => {
  it('supports rollback, scale_up and restart, and describes the service', async () => {
    const { actuator } = await setup({ max_replicas: 8 });
    expect(STRATEGIES.filter((s) => actuator.supports(s))).toEqual(['rollback', 'scale_up', 'restart']);
    expect(data(await actuator.describe('checkout', ctx()))).toEqual({
      service: 'checkout',
      swarm_service: NAME,
      id: SERVICE_ID,
      version: image('1.5.0'),
      previous_version: image('1.4.1'),
      image: image('1.5.0'),
      mode: 'replicated',
      replicas: 3,
      max_replicas: 8,
      update_state: 'completed',
      spec_version: 19,
    });
    const [read] = swarm!.server.requests;
    expect([read.method, read.path, read.headers['x-proxy-token']]).toEqual([
      'GET',
      '/v1.43/services/shop_checkout',
      'proxy-secret',
    ]);
  });

  it('in dry run (the default) shows the exact rollback request, environment hidden, and sends nothing', async () => {
    const { actuator, fake } = await setup();
    const preview = data(await actuator.plan(step('rollback'), ctx()));
    expect(preview.summary).toMatch(
      /^dry run \(Docker has no dry run for service updates; nothing was sent\): would roll Swarm service shop_checkout back to its previous spec \(registry\.example\/shop\/checkout:1\.5\.0@sha256:\w+ → registry\.example\/shop\/checkout:1\.4\.1@sha256:\w+\)$/,
    );
    const lines = preview.diff.split('\n');
    expect(lines[0]).toMatch(
      /^~ TaskTemplate\.ContainerSpec\.Image: "registry\.example\/shop\/checkout:1\.5\.0@sha256:\w+" → ".*:1\.4\.1@/,
    );
    expect(lines).toContain(
      "note: Docker restores the spec from before the service's most recent update, whatever that update changed",
    );
    expect(lines).toContain(
      `POST ${fake.url}/v1.43/services/${SERVICE_ID}/update?version=19&rollback=previous`,
    );
    expect(lines).toContain('x-proxy-token: <redacted>');
    expect(preview.diff).toContain('"Env":["LOG_LEVEL=<redacted>","DB_PASSWORD=<redacted>"]');
    expect(preview.diff).not.toContain('hunter2');
    const receipt = data(await actuator.apply(step('rollback'), ctx()));
    expect(receipt.detail).toMatch(
      /^DRY RUN \(dry_run: true\): nothing was sent; would roll Swarm service shop_checkout back/,
    );
    expect(data(await actuator.undo(step('rollback'), receipt, ctx())).detail).toBe(
      'the rollback of service shop_checkout was a dry run; nothing to undo',
    );
    expect(updates()).toHaveLength(0);
  });

  it('rolls back server-side, refuses a second rollback, and undoes by swapping the specs back', async () => {
    const { actuator, fake } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('rollback', { to_version: '1.4.1' }), ctx()));
    expect(receipt.detail).toContain(
      'Docker warning: image registry.example/shop/checkout could not be accessed on a registry to record its digest',
    );
    expect(receipt.undo_token).toMatchObject({
      actuator: 'swarm',
      strategy: 'rollback',
      service: NAME,
      dry_run: false,
    });
    expect(fake.service.Spec.TaskTemplate?.ContainerSpec?.Image).toEqual(image('1.4.1'));

    expect(errorOf(await actuator.apply(step('rollback'), ctx())).message).toBe(
      'the last update of service shop_checkout already was a rollback (rollback_started); rolling back again would restore the spec it replaced',
    );
    const undone = data(await actuator.undo(step('rollback'), receipt, ctx()));
    expect(undone.detail).toMatch(
      /^rolled Swarm service shop_checkout forward again to the spec it had before the rollback/,
    );
    expect(fake.service.Spec.TaskTemplate?.ContainerSpec?.Image).toEqual(image('1.5.0'));

    const [rollback, undo] = updates();
    expect([rollback.path, rollback.query.get('version'), rollback.query.get('rollback')]).toEqual([
      `/v1.43/services/${SERVICE_ID}/update`,
      '19',
      'previous',
    ]);
    expect(rollback.headers['content-type']).toBe('application/json');
    expect(JSON.parse(rollback.body)).toEqual(BAD); // the current spec, real values, as the docker CLI sends it
    expect([undo.query.get('version'), undo.query.get('rollback')]).toEqual(['22', 'previous']);
  });

  it('does not undo a rollback over a later change of the service', async () => {
    const { actuator, fake } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('rollback'), ctx()));
    fake.service.Spec = serviceSpec(NAME, '1.6.0');
    expect(errorOf(await actuator.undo(step('rollback'), receipt, ctx())).message).toBe(
      'service shop_checkout changed since the rollback (its spec is no longer the one afr rolled back to); not rolling back over that change',
    );
    expect(updates()).toHaveLength(1);
  });

  it('refuses a rollback that would only revert a scale, go to an unexpected image, or has nowhere to go', async () => {
    const scaled = await setup({}, serviceSpec(NAME, '1.5.0', 6), serviceSpec(NAME, '1.5.0', 3));
    expect(errorOf(await scaled.actuator.plan(step('rollback'), ctx())).message).toBe(
      'the last update of service shop_checkout only changed Mode.Replicated.Replicas; a rollback would revert that, not a deploy',
    );
    await swarm!.close();
    const other = await setup();
    expect(
      errorOf(await other.actuator.plan(step('rollback', { to_version: '1.3.9' }), ctx())).message,
    ).toMatch(
      /^the previous spec of service shop_checkout runs registry\.example\/shop\/checkout:1\.4\.1@sha256:\w+, not 1\.3\.9 as the step expects \(params\.to_version\)$/,
    );
    await swarm!.close();
    const fresh = await setup({}, BAD, null);
    expect(errorOf(await fresh.actuator.plan(step('rollback'), ctx())).message).toBe(
      'service shop_checkout has no previous spec to roll back to',
    );
  });

  it('scales replicas within max_replicas, changing nothing else, and scales back on undo', async () => {
    const { actuator, fake } = await setup({ dry_run: false, max_replicas: 5 });
    const receipt = data(await actuator.apply(step('scale_up', { to_replicas: 6 }), ctx()));
    expect(receipt.detail.split('\n').slice(0, 2)).toEqual([
      'scale Swarm service shop_checkout from 3 to 5 replicas (capped from 6 by max_replicas 5).',
      '~ Mode.Replicated.Replicas: 3 → 5',
    ]);
    const undone = data(await actuator.undo(step('scale_up'), receipt, ctx()));
    expect(undone.detail.split('\n')[0]).toBe('scaled Swarm service shop_checkout back from 5 to 3 replicas');
    const [scale, back] = updates();
    expect([scale.query.get('version'), scale.query.has('rollback')]).toEqual(['19', false]);
    expect(JSON.parse(scale.body)).toEqual({ ...BAD, Mode: { Replicated: { Replicas: 5 } } });
    expect(back.query.get('version')).toBe('22');
    expect(JSON.parse(back.body)).toEqual(BAD);
    expect(fake.service.Spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(data(await actuator.apply(step('scale_up', { replicas: 3 }), ctx()))).toEqual({
      detail: 'service shop_checkout already runs 3 replicas (asked for 3); nothing to scale.',
      undo_token: null,
    });
  });

  it('refuses to scale a global service', async () => {
    const { actuator } = await setup({ dry_run: false }, serviceSpec(NAME, '1.5.0', 'global'), null);
    expect(errorOf(await actuator.apply(step('scale_up'), ctx())).message).toBe(
      'service shop_checkout is not in replicated mode; it cannot be scaled',
    );
    expect(updates()).toHaveLength(0);
  });

  it('restarts by incrementing ForceUpdate, with nothing to undo', async () => {
    const { actuator, fake } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('restart'), ctx()));
    expect(receipt.detail.split('\n').slice(0, 3)).toEqual([
      'restart every task of Swarm service shop_checkout (3 replicas) by forcing an update.',
      '~ TaskTemplate.ForceUpdate: 0 → 1',
      'note: Swarm replaces 1 task(s) at a time (UpdateConfig.Parallelism)',
    ]);
    const [update] = updates();
    expect(JSON.parse(update.body)).toEqual({
      ...BAD,
      TaskTemplate: { ...BAD.TaskTemplate, ForceUpdate: 1 },
    });
    expect(fake.service.Spec.TaskTemplate?.ForceUpdate).toBe(1);
    expect(data(await actuator.undo(step('restart'), receipt, ctx())).detail).toBe(
      'a restart of service shop_checkout cannot be undone (the tasks were replaced) and needs none',
    );
  });

  it("reports Docker's error message word for word and never retries an update", async () => {
    const { actuator, fake } = await setup({
      dry_run: false,
      retries: 3,
      services: { payments: 'payments_api' },
    });
    expect(errorOf(await actuator.describe('payments', ctx()))).toEqual({
      message: 'Docker Engine HTTP 404 from GET /v1.43/services/payments_api: service payments_api not found',
      retryable: false,
    });
    fake.failNext.set(`/v1.43/services/${SERVICE_ID}/update`, {
      status: 503,
      body: { message: 'This node is not a swarm manager.' },
    });
    expect(errorOf(await actuator.apply(step('restart'), ctx()))).toEqual({
      message: `Docker Engine HTTP 503 from POST /v1.43/services/${SERVICE_ID}/update: This node is not a swarm manager.`,
      retryable: true,
    });
    expect(updates()).toHaveLength(1);
    // Once Docker answered 2xx the update is made: an unreadable answer does not turn it into a failure.
    fake.failNext.set(`/v1.43/services/${SERVICE_ID}/update`, { status: 200, body: 'OK' });
    expect(data(await actuator.apply(step('restart'), ctx())).detail).toMatch(/^restart every task/);
    expect(errorOf(await actuator.apply(step('circuit_breaker'), ctx())).message).toBe(
      'strategy circuit_breaker has no Swarm form; this actuator does not support it',
    );
  });
});
