/**
 * `scale_up` of an EC2 Auto Scaling group against a loopback fake of the Auto Scaling API,
 * as the SDK sends it. Follows the Amazon EC2 Auto Scaling API Reference:
 * "DescribeAutoScalingGroups" (AutoScalingGroupNames.member.N; AutoScalingGroups member
 * with MinSize, MaxSize, DesiredCapacity, Instances), "SetDesiredCapacity"
 * (AutoScalingGroupName, DesiredCapacity, HonorCooldown), "UpdateAutoScalingGroup"
 * (MaxSize, DesiredCapacity), "Common Errors" (ValidationError), and the query protocol
 * ("Making API requests": POST with Action=...&Version=2011-01-01, XML responses).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeAws, FakeGroup } from './aws-fake.js';
import { awsActuatorOn, ctx, data, errorOf, operations, step } from './ecs-testing.js';

let aws: FakeAws | undefined;
afterEach(async () => {
  await aws?.close();
  aws = undefined;
});

const group = (): FakeGroup => ({
  name: 'shop-db-asg',
  min: 2,
  max: 6,
  desired: 3,
  instances: [
    { id: 'i-0a1b2c3d4e5f60001', health: 'Healthy', state: 'InService' },
    { id: 'i-0a1b2c3d4e5f60002', health: 'Healthy', state: 'InService' },
    { id: 'i-0a1b2c3d4e5f60003', health: 'Unhealthy', state: 'InService' },
  ],
});

async function setup(options = {}) {
  const made = await awsActuatorOn(
    { groups: [group()] },
    { auto_scaling_groups: { 'shop-db': 'shop-db-asg' }, ...options },
  );
  aws = made.aws;
  return made;
}

const forms = () => aws!.requests.map((r) => Object.fromEntries(new URLSearchParams(r.body)));
const stored = () => aws!.groups.get('shop-db-asg')!;

describe('EcsActuator on an Auto Scaling group', () => {
  it('describes the group from the XML answer', async () => {
    const { actuator } = await setup();
    expect(data(await actuator.describe('shop-db', ctx()))).toEqual({
      service: 'shop-db',
      auto_scaling_group: 'shop-db-asg',
      replicas: 3,
      in_service: 3,
      healthy_hosts: 2,
      min_size: 2,
      max_size: 6,
      max_replicas: 6,
    });
    const [request] = aws!.requests;
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(String(request.headers.authorization)).toContain('/us-east-1/autoscaling/aws4_request');
    expect(forms()[0]).toEqual({
      Action: 'DescribeAutoScalingGroups',
      Version: '2011-01-01',
      'AutoScalingGroupNames.member.1': 'shop-db-asg',
    });
  });

  it('sets the desired capacity within MaxSize, without waiting for a cooldown; undo sets it back', async () => {
    const { actuator } = await setup({ dry_run: false });
    const receipt = data(await actuator.apply(step('scale_up', {}, 'shop-db'), ctx()));
    expect(operations(aws!.requests)).toEqual(['DescribeAutoScalingGroups', 'SetDesiredCapacity']);
    expect(forms()[1]).toEqual({
      Action: 'SetDesiredCapacity',
      Version: '2011-01-01',
      AutoScalingGroupName: 'shop-db-asg',
      DesiredCapacity: '5',
      HonorCooldown: 'false',
    });
    expect(receipt.detail).toContain(
      'set Auto Scaling group shop-db-asg desired capacity from 3 to 5 (MaxSize 6)',
    );
    expect(stored().desired).toBe(5);
    const undone = data(await actuator.undo(step('scale_up', {}, 'shop-db'), receipt, ctx()));
    expect(forms()[3]).toMatchObject({ Action: 'SetDesiredCapacity', DesiredCapacity: '3' });
    expect(undone.detail).toContain('DesiredCapacity: 5 → 3');
    expect(stored().desired).toBe(3);
  });

  it('caps at MaxSize without max_capacity', async () => {
    const { actuator } = await setup();
    const preview = data(await actuator.plan(step('scale_up', { replicas: 10 }, 'shop-db'), ctx()));
    expect(preview.summary).toContain(
      'desired capacity from 3 to 6 (MaxSize 6) (capped from 10 by MaxSize 6)',
    );
    expect(operations(aws!.requests)).toEqual(['DescribeAutoScalingGroups']);
  });

  it('with max_capacity, raises MaxSize and desired capacity together; undo restores both', async () => {
    const { actuator } = await setup({ dry_run: false, max_capacity: 8 });
    const receipt = data(await actuator.apply(step('scale_up', { desired_capacity: 9 }, 'shop-db'), ctx()));
    expect(forms()[1]).toEqual({
      Action: 'UpdateAutoScalingGroup',
      Version: '2011-01-01',
      AutoScalingGroupName: 'shop-db-asg',
      MaxSize: '8',
      DesiredCapacity: '8',
    });
    expect(receipt.detail).toContain(
      'raise Auto Scaling group shop-db-asg MaxSize from 6 to 8 and desired capacity from 3 to 8 (capped from 9 by max_capacity 8)',
    );
    expect(stored()).toMatchObject({ max: 8, desired: 8 });
    await actuator.undo(step('scale_up', {}, 'shop-db'), receipt, ctx());
    expect(forms()[3]).toMatchObject({
      Action: 'UpdateAutoScalingGroup',
      MaxSize: '6',
      DesiredCapacity: '3',
    });
    expect(stored()).toMatchObject({ max: 6, desired: 3 });
  });

  it('passes an Auto Scaling error through (as the SDK names its code) word for word, and refuses strategies other than scale_up', async () => {
    const busy = await awsActuatorOn(
      { groups: [group()] },
      { dry_run: false, auto_scaling_groups: { 'shop-db': 'shop-db-asg' } },
      (request) =>
        new URLSearchParams(request.body).get('Action') === 'SetDesiredCapacity'
          ? {
              status: 400,
              headers: { 'content-type': 'text/xml' },
              body: '<ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Sender</Type><Code>ScalingActivityInProgress</Code><Message>The operation can\'t be performed because there are scaling activities in progress.</Message></Error><RequestId>7c6e177f-EXAMPLE</RequestId></ErrorResponse>',
            }
          : undefined,
    );
    aws = busy.aws;
    const error = errorOf(await busy.actuator.apply(step('scale_up', {}, 'shop-db'), ctx()));
    expect(error.message).toBe(
      "ScalingActivityInProgressFault: The operation can't be performed because there are scaling activities in progress.",
    );
    expect(stored().desired).toBe(3);
    expect(errorOf(await busy.actuator.plan(step('rollback', {}, 'shop-db'), ctx())).message).toBe(
      'shop-db maps to Auto Scaling group shop-db-asg: only scale_up applies to a group',
    );
  });
});
