/**
 * ECS service strategies against a loopback fake of the ECS API, as the SDK sends them.
 * Follows the Amazon ECS API Reference: "DescribeServices" (request cluster, services;
 * response services[] with taskDefinition, desiredCount, deployments[] — status PRIMARY /
 * ACTIVE, rolloutState — and failures[] with reason MISSING), "ListTaskDefinitions"
 * (familyPrefix, status ACTIVE, sort DESC, nextToken), "UpdateService" (taskDefinition,
 * desiredCount, forceNewDeployment; response service), and "Common Errors" / the AWS JSON
 * 1.1 protocol (POST /, X-Amz-Target AmazonEC2ContainerServiceV20141113.<Operation>,
 * Content-Type application/x-amz-json-1.1, errors as {"__type", "message"}), SigV4-signed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STRATEGIES } from '../../core/vocabulary.js';
import { deployment, ecsService, type FakeAws, taskDefinitionArn } from './aws-fake.js';
import { EcsActuatorOptionsSchema } from './ecs-actuator-options.js';
import { awsActuatorOn, ctx, data, errorOf, operations, step } from './ecs-testing.js';

let aws: FakeAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

const CURRENT = taskDefinitionArn('checkout', 42);
const DEFINITIONS = [
  taskDefinitionArn('checkout', 42),
  taskDefinitionArn('checkout-worker', 9),
  taskDefinitionArn('checkout', 40),
  taskDefinitionArn('checkout', 39),
];

async function setup(options = {}, services = [ecsService('prod', 'checkout', CURRENT, 4)]) {
  const made = await awsActuatorOn({ services, taskDefinitions: DEFINITIONS }, options);
  aws = made.aws;
  return made;
}

const bodies = () => aws!.requests.map((r) => JSON.parse(r.body));
const service = () => aws!.services.get('checkout')!;

describe('EcsActuator on an ECS service', () => {
  it('defaults to dry_run, supports rollback, scale_up and restart, and describes the service', async () => {
    expect(EcsActuatorOptionsSchema.parse({})).toMatchObject({
      dry_run: true,
      cluster: 'default',
      scale_factor: 1.5,
    });
    const { actuator } = await setup();
    expect(STRATEGIES.filter((s) => actuator.supports(s))).toEqual(['rollback', 'scale_up', 'restart']);
    expect(errorOf(await actuator.plan(step('shed_load'), ctx())).message).toBe(
      'strategy shed_load has no ECS form; the ECS actuator supports rollback, scale_up, restart',
    );
    expect(data(await actuator.describe('checkout', ctx()))).toEqual({
      service: 'checkout',
      cluster: 'prod',
      ecs_service: 'checkout',
      status: 'ACTIVE',
      version: 'checkout:42',
      previous_version: 'checkout:40',
      revision: 42,
      replicas: 4,
      running: 4,
      pending: 0,
      max_replicas: null,
      launch_type: 'FARGATE',
      deployments: [
        {
          id: 'ecs-svc/1111111111111111111',
          status: 'PRIMARY',
          task_definition: 'checkout:42',
          rollout_state: 'COMPLETED',
          desired: 4,
          running: 4,
        },
      ],
    });
  });

  it('plans a rollback to the newest older ACTIVE revision of the family, sending no write', async () => {
    const { actuator } = await setup();
    const preview = data(await actuator.plan(step('rollback'), ctx()));
    expect(operations(aws!.requests)).toEqual([
      'DescribeServices',
      'ListTaskDefinitions',
      'ListTaskDefinitions',
    ]);
    const [describe, list, page2] = aws!.requests;
    expect(describe.method).toBe('POST');
    expect(describe.path).toBe('/');
    expect(describe.headers['x-amz-target']).toBe('AmazonEC2ContainerServiceV20141113.DescribeServices');
    expect(describe.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(String(describe.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLETEST\/\d{8}\/us-east-1\/ecs\/aws4_request/,
    );
    expect(JSON.parse(describe.body)).toEqual({ cluster: 'prod', services: ['checkout'] });
    expect(JSON.parse(list.body)).toEqual({ familyPrefix: 'checkout', status: 'ACTIVE', sort: 'DESC' });
    expect(JSON.parse(page2.body)).toMatchObject({ nextToken: '2' });
    expect(preview.summary).toBe(
      'dry run (AWS has no server-side dry run for ecs:UpdateService; nothing sent): would roll ECS service prod/checkout back from task definition checkout:42 to checkout:40 (the newest older ACTIVE revision of its family)',
    );
    expect(preview.diff.split('\n')).toEqual([
      'taskDefinition: checkout:42 → checkout:40',
      `request: ecs:UpdateService {"cluster":"prod","service":"checkout","taskDefinition":"${taskDefinitionArn('checkout', 40)}"}`,
    ]);
  });

  it('rolls back for real to the task definition an older deployment still runs; undo rolls forward', async () => {
    const rolling = ecsService('prod', 'checkout', CURRENT, 4);
    rolling.deployments = [
      deployment('3333333333333333333', 'PRIMARY', CURRENT, 4, 'IN_PROGRESS'),
      deployment('1111111111111111111', 'ACTIVE', taskDefinitionArn('checkout', 41), 4),
    ];
    const { actuator } = await setup({ dry_run: false }, [rolling]);
    const receipt = data(await actuator.apply(step('rollback'), ctx()));
    expect(operations(aws!.requests)).toEqual(['DescribeServices', 'UpdateService']);
    const update = aws!.requests[1];
    expect(update.headers['x-amz-target']).toBe('AmazonEC2ContainerServiceV20141113.UpdateService');
    expect(JSON.parse(update.body)).toEqual({
      cluster: 'prod',
      service: 'checkout',
      taskDefinition: taskDefinitionArn('checkout', 41),
    });
    expect(receipt.detail).toContain('still running in deployment ecs-svc/1111111111111111111');
    expect(receipt.detail).toContain(
      'note: deployment ecs-svc/3333333333333333333 is still rolling out; the rollback replaces it',
    );
    expect(receipt.detail).toMatch(
      /ECS started deployment ecs-svc\/\d+ \(task definition checkout:41, desired 4\)/,
    );
    expect(receipt.undo_token).toEqual({
      actuator: 'ecs',
      strategy: 'rollback',
      target: { kind: 'ecs_service', cluster: 'prod', service: 'checkout' },
      restore: { taskDefinition: CURRENT },
      dry_run: false,
      reversible: true,
    });
    expect(service().taskDefinition).toBe(taskDefinitionArn('checkout', 41));
    const undone = data(await actuator.undo(step('rollback'), receipt, ctx()));
    expect(bodies()[3]).toEqual({ cluster: 'prod', service: 'checkout', taskDefinition: CURRENT });
    expect(undone.detail).toContain('restored ECS service prod/checkout');
    expect(undone.detail).toContain('taskDefinition: checkout:41 → checkout:42');
    expect(service().taskDefinition).toBe(CURRENT);
  });

  it('refuses a rollback with no older revision, and a malformed params.task_definition', async () => {
    const { actuator } = await setup({}, [
      ecsService('prod', 'checkout', taskDefinitionArn('checkout', 39), 4),
    ]);
    expect(errorOf(await actuator.plan(step('rollback'), ctx())).message).toBe(
      'no ACTIVE revision of task definition family checkout is older than 39; nothing to roll back to',
    );
    expect(
      errorOf(await actuator.plan(step('rollback', { task_definition: 'checkout' }), ctx())).message,
    ).toBe('params.task_definition: expected family:revision or a task definition ARN, got "checkout"');
    const named = data(await actuator.plan(step('rollback', { task_definition: 'checkout:38' }), ctx()));
    expect(named.diff).toContain('taskDefinition: checkout:39 → checkout:38');
  });

  it('scales desiredCount up by the factor, capped by max_desired_count; undo scales back', async () => {
    const { actuator } = await setup({ dry_run: false, max_desired_count: 5 });
    const receipt = data(await actuator.apply(step('scale_up'), ctx()));
    expect(bodies()[1]).toEqual({ cluster: 'prod', service: 'checkout', desiredCount: 5 });
    expect(receipt.detail).toContain(
      'scale ECS service prod/checkout from 4 to 5 tasks (capped from 6 by max_desired_count 5)',
    );
    expect(service().desiredCount).toBe(5);
    await actuator.undo(step('scale_up'), receipt, ctx());
    expect(bodies()[3]).toEqual({ cluster: 'prod', service: 'checkout', desiredCount: 4 });
    expect(service().desiredCount).toBe(4);
    const again = data(await actuator.undo(step('scale_up'), receipt, ctx()));
    expect(again.detail).toBe('ECS service prod/checkout already has its earlier values; nothing to undo');
  });

  it('follows the planner: to_version among older revisions, to_replicas; an explicit count met is a no-op', async () => {
    const { actuator } = await setup({ dry_run: false });
    const rollback = data(await actuator.plan(step('rollback', { to_version: 'checkout:39' }), ctx()));
    expect(rollback.diff).toContain('taskDefinition: checkout:42 → checkout:39');
    expect(rollback.summary).toContain('(checkout:39, the previous version afr was told of)');
    const unknown = data(await actuator.plan(step('rollback', { to_version: '1.4.1' }), ctx()));
    expect(unknown.summary).toContain(
      'to checkout:40 (the newest older ACTIVE revision of its family; 1.4.1 is not an older ACTIVE revision)',
    );
    const scale = data(await actuator.plan(step('scale_up', { from_replicas: 4, to_replicas: 7 }), ctx()));
    expect(scale.diff).toContain('desiredCount: 4 → 7');
    const before = aws!.requests.length;
    expect(data(await actuator.apply(step('scale_up', { replicas: 4 }), ctx()))).toEqual({
      detail: 'nothing to do: ECS service prod/checkout already wants 4 tasks (asked 4)',
      undo_token: null,
    });
    expect(operations(aws!.requests.slice(before))).toEqual(['DescribeServices']);
  });

  it('retries reads on a 5xx but never a write', async () => {
    let failures = 0;
    const flaky = await awsActuatorOn(
      { services: [ecsService('prod', 'checkout', CURRENT, 4)] },
      { dry_run: false, max_attempts: 3 },
      (request) => {
        const target = String(request.headers['x-amz-target']);
        const failing =
          target.endsWith('UpdateService') || (target.endsWith('DescribeServices') && failures++ === 0);
        return failing
          ? {
              status: 503,
              headers: { 'content-type': 'application/x-amz-json-1.1' },
              body: { __type: 'ServiceUnavailableException', message: 'Service unavailable.' },
            }
          : undefined;
      },
    );
    aws = flaky.aws;
    const error = errorOf(await flaky.actuator.apply(step('scale_up'), ctx()));
    expect(error.message).toBe('ServiceUnavailableException: Service unavailable.');
    expect(operations(aws.requests)).toEqual(['DescribeServices', 'DescribeServices', 'UpdateService']);
  });

  it('a dry-run apply sends no write, and its receipt needs no undo', async () => {
    const { actuator } = await setup();
    const receipt = data(await actuator.apply(step('scale_up', { desired_count: 10 }), ctx()));
    expect(operations(aws!.requests)).toEqual(['DescribeServices']);
    expect(receipt.detail).toMatch(
      /^DRY RUN \(dry_run: true\): nothing was sent; would scale ECS service prod\/checkout from 4 to 10 tasks/,
    );
    const undone = data(await actuator.undo(step('scale_up'), receipt, ctx()));
    expect(undone.detail).toBe(
      'the scale_up of ECS service prod/checkout was a dry run; nothing was changed, nothing to undo',
    );
    expect(aws!.requests).toHaveLength(1);
  });

  it('restarts with forceNewDeployment, which needs no undo', async () => {
    const { actuator } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('restart'), ctx()));
    expect(bodies()[1]).toEqual({ cluster: 'prod', service: 'checkout', forceNewDeployment: true });
    expect(receipt.undo_token).toMatchObject({ reversible: false, restore: {} });
    const undone = data(await actuator.undo(step('restart'), receipt, ctx()));
    expect(undone.detail).toBe('a restart of ECS service prod/checkout cannot be undone and needs none');
    expect(aws!.requests).toHaveLength(2);
  });

  it('reports a missing service by the API failure reason, and an AWS error word for word', async () => {
    const { actuator } = await setup({ services: { payments: 'prod/payments-v2' } });
    expect(errorOf(await actuator.plan(step('scale_up', {}, 'payments'), ctx())).message).toBe(
      'ECS service prod/payments-v2 not found (MISSING)',
    );
    await aws!.close();
    const throttled = await awsActuatorOn(
      { services: [ecsService('prod', 'checkout', CURRENT, 4)] },
      {},
      () => ({
        status: 400,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: { __type: 'ThrottlingException', message: 'Rate exceeded' },
      }),
    );
    aws = throttled.aws;
    const error = errorOf(await throttled.actuator.plan(step('scale_up'), ctx()));
    expect(error).toEqual({ message: 'ThrottlingException: Rate exceeded', retryable: true });
  });
});
