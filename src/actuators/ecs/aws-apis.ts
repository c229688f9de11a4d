/**
 * The AWS calls the ECS actuator makes, through the SDK v3 clients: ECS DescribeServices,
 * ListTaskDefinitions (every page) and UpdateService (the AWS JSON 1.1 protocol), and EC2
 * Auto Scaling DescribeAutoScalingGroups, SetDesiredCapacity and UpdateAutoScalingGroup
 * (the AWS query protocol). Reads are retried up to `max_attempts`; writes never are. A
 * missing service or group is a reasoned refusal naming it.
 */
import {
  AutoScalingClient,
  type AutoScalingGroup,
  DescribeAutoScalingGroupsCommand,
  SetDesiredCapacityCommand,
  type SetDesiredCapacityCommandInput,
  UpdateAutoScalingGroupCommand,
  type UpdateAutoScalingGroupCommandInput,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeServicesCommand,
  ECSClient,
  type ECSClientConfig,
  ListTaskDefinitionsCommand,
  type Service,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { ActuationRefused } from '../shared/actuation-refused.js';
import type { EcsActuatorOptions } from './ecs-actuator-options.js';

/** Clients for reads (retried up to `max_attempts`) and for writes (never retried). */
export interface AwsClients {
  ecs: ECSClient;
  autoScaling: AutoScalingClient;
  ecsWrites: ECSClient;
  autoScalingWrites: AutoScalingClient;
}

export function awsClients(
  options: EcsActuatorOptions,
  credentials?: ECSClientConfig['credentials'],
): AwsClients {
  const common = {
    ...(options.region ? { region: options.region } : {}),
    ...(credentials ? { credentials } : {}),
  };
  const ecs = { ...common, ...(options.endpoint ? { endpoint: options.endpoint } : {}) };
  const autoScaling = {
    ...common,
    ...(options.auto_scaling_endpoint ? { endpoint: options.auto_scaling_endpoint } : {}),
  };
  return {
    ecs: new ECSClient({ ...ecs, maxAttempts: options.max_attempts }),
    autoScaling: new AutoScalingClient({ ...autoScaling, maxAttempts: options.max_attempts }),
    ecsWrites: new ECSClient({ ...ecs, maxAttempts: 1 }),
    autoScalingWrites: new AutoScalingClient({ ...autoScaling, maxAttempts: 1 }),
  };
}

export class AwsApis {
  constructor(private readonly clients: AwsClients) {}

  async service(cluster: string, service: string, signal: AbortSignal): Promise<Service> {
    const output = await this.clients.ecs.send(
      new DescribeServicesCommand({ cluster, services: [service] }),
      {
        abortSignal: signal,
      },
    );
    const found = output.services?.find((s) => s.serviceName === service || s.serviceArn === service);
    if (!found || found.status === 'INACTIVE') {
      const failure = output.failures?.[0];
      const why = failure ? ` (${failure.reason}${failure.detail ? `: ${failure.detail}` : ''})` : '';
      throw new ActuationRefused(`ECS service ${cluster}/${service} not found${why}`);
    }
    return found;
  }

  /** ACTIVE task definition ARNs of one family prefix, every page, newest first. */
  async taskDefinitions(familyPrefix: string, signal: AbortSignal): Promise<string[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const output = await this.clients.ecs.send(
        new ListTaskDefinitionsCommand({ familyPrefix, status: 'ACTIVE', sort: 'DESC', nextToken }),
        { abortSignal: signal },
      );
      arns.push(...(output.taskDefinitionArns ?? []));
      nextToken = output.nextToken;
    } while (nextToken);
    return arns;
  }

  async updateService(input: UpdateServiceCommandInput, signal: AbortSignal): Promise<Service | undefined> {
    const output = await this.clients.ecsWrites.send(new UpdateServiceCommand(input), {
      abortSignal: signal,
    });
    return output.service;
  }

  async group(name: string, signal: AbortSignal): Promise<AutoScalingGroup> {
    const output = await this.clients.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
      { abortSignal: signal },
    );
    const found = output.AutoScalingGroups?.find((g) => g.AutoScalingGroupName === name);
    if (!found) throw new ActuationRefused(`Auto Scaling group ${name} not found`);
    return found;
  }

  async setDesiredCapacity(input: SetDesiredCapacityCommandInput, signal: AbortSignal): Promise<void> {
    await this.clients.autoScalingWrites.send(new SetDesiredCapacityCommand(input), { abortSignal: signal });
  }

  async updateGroup(input: UpdateAutoScalingGroupCommandInput, signal: AbortSignal): Promise<void> {
    await this.clients.autoScalingWrites.send(new UpdateAutoScalingGroupCommand(input), {
      abortSignal: signal,
    });
  }
}
