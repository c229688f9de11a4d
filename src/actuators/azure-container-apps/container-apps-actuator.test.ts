/**
 * The Azure Container Apps actuator against a loopback fake of Azure Resource Manager.
 * Follows the Microsoft.App REST API reference, api-version 2024-03-01: "Container Apps -
 * Get" (properties.configuration.activeRevisionsMode, ingress.traffic[] {revisionName,
 * latestRevision, weight, label}, latestRevisionName), "Container Apps - Update" (PATCH,
 * JSON merge patch; 200, or 202 with Azure-AsyncOperation / Location), "Container Apps
 * Revisions - List Revisions" (value[], nextLink; properties.active, createdTime,
 * trafficWeight, healthState, provisioningState), "Container Apps Revisions - Activate
 * Revision" / "Deactivate Revision" (POST .../revisions/{revisionName}/activate); and the
 * Azure Resource Manager docs "Track asynchronous Azure operations" (status InProgress /
 * Succeeded / Failed) and "Common error response" ({"error": {"code", "message"}}).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STRATEGIES } from '../../core/vocabulary.js';
import type { JsonObject } from '../kubernetes/json-diff.js';
import { API_VERSION, containerApp, type FakeArm, TOKEN } from './arm-fake.js';
import { ContainerAppsOptionsSchema } from './container-apps-options.js';
import { appsActuatorOn, calls, ctx, data, errorOf, step } from './container-apps-testing.js';

let arm: FakeArm | undefined;
afterEach(async () => {
  await arm?.close();
  arm = undefined;
});

async function setup(
  options = {},
  app = containerApp({ mode: 'Multiple' }),
  override?: Parameters<typeof appsActuatorOn>[3],
) {
  const made = await appsActuatorOn(app, options, undefined, override);
  arm = made.arm;
  return made;
}

const traffic = () =>
  (((arm!.app.properties as JsonObject).configuration as JsonObject).ingress as JsonObject).traffic;
const active = (name: string) => arm!.revisions.find((r) => r.name === name)!.active;
const APP = '~/resourceGroups/shop-rg/providers/Microsoft.App/containerApps/checkout';

describe('ContainerAppsActuator', () => {
  it('defaults to dry_run and the 2024-03-01 api-version; names a bad setting', () => {
    const options = ContainerAppsOptionsSchema.parse({
      subscription_id: '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345',
      resource_group: 'rg',
    });
    expect(options).toMatchObject({
      dry_run: true,
      api_version: '2024-03-01',
      base_url: 'https://management.azure.com',
      token_env: 'AZURE_ACCESS_TOKEN',
    });
    const bad = ContainerAppsOptionsSchema.safeParse({ subscription_id: 'mine', resource_group: 'rg' });
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['subscription_id'],
      message: 'expected a subscription id (a GUID)',
    });
  });

  it('plans a rollback to the previous usable revision, reading only', async () => {
    const { actuator } = await setup();
    expect(STRATEGIES.filter((s) => actuator.supports(s))).toEqual(['rollback', 'failover']);
    const preview = data(await actuator.plan(step('rollback'), ctx()));
    expect(calls(arm!.requests)).toEqual([`GET ${APP}`, `GET ${APP}/revisions`, `GET ${APP}/revisions`]);
    const [get, list, page2] = arm!.requests;
    expect(get.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(get.query.get('api-version')).toBe(API_VERSION);
    expect(list.query.get('api-version')).toBe(API_VERSION);
    expect(page2.query.get('$skipToken')).toBe('2');
    expect(preview.summary).toBe(
      'dry run (ARM has no dry run for these writes; nothing sent): would roll back container app shop-rg/checkout: shift 100% of traffic from checkout--v3 to checkout--v2',
    );
    expect(preview.diff.split('\n')).toEqual([
      'traffic: checkout--v3 100%, checkout--v2 0% [previous] → checkout--v3 0%, checkout--v2 100% [previous]',
      'request: PATCH .../resourceGroups/shop-rg/providers/Microsoft.App/containerApps/checkout {"properties":{"configuration":{"ingress":{"traffic":[{"revisionName":"checkout--v3","weight":0},{"revisionName":"checkout--v2","weight":100,"label":"previous"}]}}}}',
    ]);
  });

  it('rolls back for real, following the long-running operation, and the undo restores the weights', async () => {
    const { actuator } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('rollback'), ctx()));
    const patch = arm!.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.query.get('api-version')).toBe(API_VERSION);
    expect(patch.headers['content-type']).toBe('application/json');
    expect(JSON.parse(patch.body)).toEqual({
      properties: {
        configuration: {
          ingress: {
            traffic: [
              { revisionName: 'checkout--v3', weight: 0 },
              { revisionName: 'checkout--v2', weight: 100, label: 'previous' },
            ],
          },
        },
      },
    });
    const operation = 'GET ~/providers/Microsoft.App/locations/eastus/containerappOperationStatuses/op-1';
    expect(calls(arm!.requests).slice(-2)).toEqual([operation, operation]);
    expect(receipt.detail).toContain('the long-running operation succeeded');
    expect(receipt.undo_token).toEqual({
      actuator: 'azure_container_apps',
      strategy: 'rollback',
      app: { resource_group: 'shop-rg', name: 'checkout' },
      traffic: [
        { revisionName: 'checkout--v3', weight: 100 },
        { revisionName: 'checkout--v2', weight: 0, label: 'previous' },
      ],
      activated: null,
      dry_run: false,
    });
    const undone = data(await actuator.undo(step('rollback'), receipt, ctx()));
    expect(traffic()).toEqual([
      { revisionName: 'checkout--v3', weight: 100 },
      { revisionName: 'checkout--v2', weight: 0, label: 'previous' },
    ]);
    expect(undone.detail).toContain('restored the traffic weights of container app shop-rg/checkout');
    const again = data(await actuator.undo(step('rollback'), receipt, ctx()));
    expect(again.detail).toBe(
      'container app shop-rg/checkout already has its earlier traffic weights; nothing to undo',
    );
  });

  it('activates an inactive revision before shifting traffic to it; undo deactivates it again', async () => {
    const { actuator } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('rollback', { revision: 'checkout--v1' }), ctx()));
    const writes = calls(arm!.requests.filter((r) => r.method !== 'GET'));
    expect(writes).toEqual([`POST ${APP}/revisions/checkout--v1/activate`, `PATCH ${APP}`]);
    expect(arm!.requests.find((r) => r.method === 'POST')!.query.get('api-version')).toBe(API_VERSION);
    expect(active('checkout--v1')).toBe(true);
    expect(receipt.detail).toContain(
      'activate revision checkout--v1 and shift 100% of traffic from checkout--v3 to checkout--v1',
    );
    expect(traffic()).toEqual([
      { revisionName: 'checkout--v3', weight: 0 },
      { revisionName: 'checkout--v2', weight: 0, label: 'previous' },
      { revisionName: 'checkout--v1', weight: 100 },
    ]);
    await actuator.undo(step('rollback'), receipt, ctx());
    const undoWrites = calls(arm!.requests.filter((r) => r.method !== 'GET')).slice(2);
    expect(undoWrites).toEqual([`PATCH ${APP}`, `POST ${APP}/revisions/checkout--v1/deactivate`]);
    expect(active('checkout--v1')).toBe(false);
  });

  it('follows params.to_version, answers a no-op when already there, and never retries a write', async () => {
    const { actuator } = await setup({ dry_run: false });
    const hinted = data(await actuator.plan(step('rollback', { to_version: 'checkout--v1' }), ctx()));
    expect(hinted.summary).toContain(
      'activate revision checkout--v1 and shift 100% of traffic from checkout--v3',
    );
    await actuator.apply(step('failover', { revision: 'checkout--v2' }), ctx());
    const again = data(await actuator.apply(step('failover', { revision: 'checkout--v2' }), ctx()));
    expect(again).toEqual({
      detail:
        'nothing to do: container app shop-rg/checkout already sends all traffic to revision checkout--v2',
      undo_token: null,
    });
    expect(arm!.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    await arm!.close();
    const unavailable = await setup(
      { dry_run: false, retries: 3 },
      containerApp({ mode: 'Multiple' }),
      (request) =>
        request.method === 'PATCH'
          ? {
              status: 503,
              body: { error: { code: 'ServiceUnavailable', message: 'The service is unavailable.' } },
            }
          : undefined,
    );
    const error = errorOf(await unavailable.actuator.apply(step('rollback'), ctx()));
    expect(error).toEqual({
      message: 'Azure Resource Manager 503: ServiceUnavailable: The service is unavailable.',
      retryable: true,
    });
    expect(arm!.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    const activated = errorOf(
      await unavailable.actuator.apply(step('rollback', { revision: 'checkout--v1' }), ctx()),
    );
    expect(activated.message).toBe(
      'Azure Resource Manager 503: ServiceUnavailable: The service is unavailable. (revision checkout--v1 was activated and stays active, without traffic)',
    );
  });

  it('a dry-run apply sends nothing and its receipt needs no undo', async () => {
    const { actuator } = await setup();
    const receipt = data(await actuator.apply(step('failover', { revision: 'checkout--v2' }), ctx()));
    expect(arm!.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(receipt.detail).toMatch(
      /^DRY RUN \(dry_run: true\): nothing was sent; would fail over container app/,
    );
    const undone = data(await actuator.undo(step('failover'), receipt, ctx()));
    expect(undone.detail).toBe(
      'the failover of container app shop-rg/checkout was a dry run; nothing was changed, nothing to undo',
    );
  });

  it('refuses single-revision mode, an app without ingress, and bad revisions, naming them', async () => {
    const single = await setup({}, containerApp());
    expect(errorOf(await single.actuator.plan(step('rollback'), ctx())).message).toBe(
      'container app shop-rg/checkout runs in activeRevisionsMode Single: traffic weights need Multiple (set it to let afr shift traffic between revisions)',
    );
    await arm!.close();
    const bare = await setup({}, containerApp({ mode: 'Multiple', ingress: false }));
    expect(errorOf(await bare.actuator.plan(step('rollback'), ctx())).message).toBe(
      'container app shop-rg/checkout has no ingress; traffic weights do not apply',
    );
    await arm!.close();
    const { actuator } = await setup();
    expect(errorOf(await actuator.plan(step('failover'), ctx())).message).toBe(
      'failover needs params.revision: the healthy revision to send all traffic to',
    );
    expect(errorOf(await actuator.plan(step('failover', { revision: 'checkout--v9' }), ctx())).message).toBe(
      'params.revision: container app shop-rg/checkout has no revision checkout--v9',
    );
    expect(errorOf(await actuator.plan(step('failover', { revision: 'checkout--v2x' }), ctx())).message).toBe(
      'revision checkout--v2x is not usable (provisioning Failed, health None)',
    );
    expect(errorOf(await actuator.plan(step('failover', { revision: '../x' }), ctx())).message).toBe(
      'params.revision: expected a revision name, got "../x"',
    );
    expect(errorOf(await actuator.plan(step('restart'), ctx())).message).toBe(
      'strategy restart has no Container Apps form here; this actuator supports rollback, failover',
    );
    expect(arm!.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('reports ARM errors by code and message, and a missing token', async () => {
    const { actuator } = await setup({ apps: { checkout: 'shop-rg/gone' } });
    const missing = errorOf(await actuator.describe('checkout', ctx()));
    expect(missing.message).toBe(
      "Azure Resource Manager 404: ResourceNotFound: The Resource 'Microsoft.App/containerApps/gone' under resource group 'shop-rg' was not found.",
    );
    await arm!.close();
    const made = await appsActuatorOn(containerApp({ mode: 'Multiple' }), {}, undefined, undefined, {});
    arm = made.arm;
    expect(errorOf(await made.actuator.describe('checkout', ctx())).message).toBe(
      'no Azure token: set token, the AZURE_ACCESS_TOKEN environment variable, or managed_identity.enabled',
    );
    expect(arm.requests).toHaveLength(0);
  });

  it('fails when the long-running operation fails, and never follows a URL outside base_url', async () => {
    const failed = await setup({ dry_run: false }, containerApp({ mode: 'Multiple' }), (request) =>
      request.path.includes('containerappOperationStatuses')
        ? {
            body: {
              status: 'Failed',
              error: {
                code: 'ContainerAppOperationError',
                message: 'Revision checkout--v2 failed to start.',
              },
            },
          }
        : undefined,
    );
    expect(errorOf(await failed.actuator.apply(step('rollback'), ctx())).message).toBe(
      'the ARM operation ended Failed: ContainerAppOperationError: Revision checkout--v2 failed to start.',
    );
    await arm!.close();
    const elsewhere = await setup({ dry_run: false }, containerApp({ mode: 'Multiple' }), (request) =>
      request.method === 'PATCH'
        ? {
            status: 202,
            headers: { 'azure-asyncoperation': 'https://attacker.example/op?api-version=1' },
            body: '',
          }
        : undefined,
    );
    expect(errorOf(await elsewhere.actuator.apply(step('rollback'), ctx())).message).toBe(
      'ARM returned a Azure-AsyncOperation URL outside base_url (https://attacker.example); not followed',
    );
    expect(arm!.requests.some((r) => r.path === '/op')).toBe(false);
  });

  it('describes revisions, traffic and the serving revision', async () => {
    const { actuator } = await setup();
    const described = data(await actuator.describe('checkout', ctx()));
    expect(described).toMatchObject({
      service: 'checkout',
      resource_group: 'shop-rg',
      app: 'checkout',
      active_revisions_mode: 'Multiple',
      latest_revision: 'checkout--v3',
      serving_revision: 'checkout--v3',
      version: 'checkout--v3',
      previous_version: 'checkout--v2',
      replicas: 2,
      standby_available: true,
    });
    expect((described.revisions as JsonObject[]).map((r) => [r.name, r.active, r.traffic_weight])).toEqual([
      ['checkout--v1', false, 0],
      ['checkout--v2', true, 0],
      ['checkout--v2x', false, 0],
      ['checkout--v3', true, 100],
    ]);
  });
});
