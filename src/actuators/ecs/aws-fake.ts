/**
 * Test helper: a loopback fake of the Amazon ECS and EC2 Auto Scaling APIs, as the AWS SDK
 * v3 reaches them. ECS speaks the AWS JSON 1.1 protocol (POST / with `X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Operation>`, `application/x-amz-json-1.1`, errors as
 * `{"__type", "message"}`); Auto Scaling the AWS query protocol (a form body
 * `Action=<Operation>&Version=2011-01-01&...`, XML answers in the
 * http://autoscaling.amazonaws.com/doc/2011-01-01/ namespace, errors as `<ErrorResponse>`).
 * It keeps state: UpdateService starts a new PRIMARY deployment when the task definition
 * changes (or on forceNewDeployment) and demotes the old one to ACTIVE; SetDesiredCapacity
 * refuses a value outside MinSize..MaxSize as the API does. ListTaskDefinitions pages two
 * ARNs at a time to exercise nextToken.
 */
import {
  type CannedResponse,
  type RecordedRequest,
  type RecordingServer,
  startRecordingServer,
} from '../../connectors/testing/recording-server.js';

export const ECS_PREFIX = 'AmazonEC2ContainerServiceV20141113.';
const JSON_11 = { 'content-type': 'application/x-amz-json-1.1' };
const XML = { 'content-type': 'text/xml' };
const NS = 'http://autoscaling.amazonaws.com/doc/2011-01-01/';
export const ACCOUNT = '123456789012';

export interface FakeDeployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: string;
  desiredCount: number;
  pendingCount: number;
  runningCount: number;
  failedTasks: number;
  createdAt: number;
  updatedAt: number;
  launchType: string;
  rolloutState: 'COMPLETED' | 'IN_PROGRESS' | 'FAILED';
  rolloutStateReason: string;
}

export interface FakeService {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  status: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  launchType: string;
  taskDefinition: string;
  deployments: FakeDeployment[];
  [key: string]: unknown;
}

export interface FakeGroup {
  name: string;
  min: number;
  max: number;
  desired: number;
  instances: { id: string; health: 'Healthy' | 'Unhealthy'; state: string }[];
}

export interface FakeAws {
  server: RecordingServer;
  url: string;
  requests: RecordedRequest[];
  services: Map<string, FakeService>;
  groups: Map<string, FakeGroup>;
  close(): Promise<void>;
}

export function taskDefinitionArn(family: string, revision: number): string {
  return `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/${family}:${revision}`;
}

export function deployment(
  id: string,
  status: FakeDeployment['status'],
  taskDefinition: string,
  desired: number,
  rolloutState: FakeDeployment['rolloutState'] = 'COMPLETED',
): FakeDeployment {
  return {
    id: `ecs-svc/${id}`,
    status,
    taskDefinition,
    desiredCount: desired,
    pendingCount: 0,
    runningCount: desired,
    failedTasks: 0,
    createdAt: 1714561200,
    updatedAt: 1714564800,
    launchType: 'FARGATE',
    rolloutState,
    rolloutStateReason:
      rolloutState === 'COMPLETED'
        ? 'ECS deployment ecs-svc/' + id + ' completed.'
        : 'ECS deployment in progress.',
  };
}

export function ecsService(
  cluster: string,
  name: string,
  taskDefinition: string,
  desired: number,
): FakeService {
  return {
    serviceArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/${cluster}/${name}`,
    serviceName: name,
    clusterArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/${cluster}`,
    status: 'ACTIVE',
    desiredCount: desired,
    runningCount: desired,
    pendingCount: 0,
    launchType: 'FARGATE',
    taskDefinition,
    deployments: [deployment('1111111111111111111', 'PRIMARY', taskDefinition, desired)],
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    createdAt: 1714000000,
    schedulingStrategy: 'REPLICA',
  };
}

export async function startFakeAws(
  state: { services?: FakeService[]; taskDefinitions?: string[]; groups?: FakeGroup[] },
  override?: (request: RecordedRequest) => CannedResponse | undefined,
): Promise<FakeAws> {
  const services = new Map((state.services ?? []).map((s) => [s.serviceName, s]));
  const groups = new Map((state.groups ?? []).map((g) => [g.name, g]));
  const definitions = state.taskDefinitions ?? [];
  let deployments = 2222222222222222222n;
  const server = await startRecordingServer((request) => {
    const answer = override?.(request);
    if (answer) return answer;
    const target = String(request.headers['x-amz-target'] ?? '');
    if (target.startsWith(ECS_PREFIX)) return ecs(target.slice(ECS_PREFIX.length), JSON.parse(request.body));
    return autoScaling(new URLSearchParams(request.body));
  });

  function ecs(operation: string, body: Record<string, unknown>): CannedResponse {
    switch (operation) {
      case 'DescribeServices': {
        const names = body.services as string[];
        const found = names.map((n) => services.get(n)).filter((s) => s !== undefined);
        const failures = names
          .filter((n) => !services.has(n))
          .map((n) => ({
            arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/${body.cluster}/${n}`,
            reason: 'MISSING',
          }));
        return { headers: JSON_11, body: { services: found, failures } };
      }
      case 'ListTaskDefinitions': {
        const prefix = String(body.familyPrefix ?? '');
        const all = definitions
          .filter((arn) => arn.split('task-definition/')[1].startsWith(prefix))
          .sort((a, b) => Number(b.split(':').pop()) - Number(a.split(':').pop()));
        const start = Number(body.nextToken ?? 0);
        const page = all.slice(start, start + 2);
        const next = start + 2 < all.length ? String(start + 2) : undefined;
        return { headers: JSON_11, body: { taskDefinitionArns: page, ...(next ? { nextToken: next } : {}) } };
      }
      case 'UpdateService': {
        const service = services.get(String(body.service));
        if (!service) {
          return {
            status: 400,
            headers: JSON_11,
            body: { __type: 'ServiceNotFoundException', message: 'Service not found.' },
          };
        }
        if (typeof body.desiredCount === 'number') service.desiredCount = body.desiredCount;
        const definition =
          typeof body.taskDefinition === 'string' ? body.taskDefinition : service.taskDefinition;
        if (definition !== service.taskDefinition || body.forceNewDeployment === true) {
          for (const d of service.deployments) if (d.status === 'PRIMARY') d.status = 'ACTIVE';
          deployments += 1n;
          const arn = definition.startsWith('arn:')
            ? definition
            : taskDefinitionArn(...splitShort(definition));
          service.taskDefinition = arn;
          service.deployments.unshift(
            deployment(String(deployments), 'PRIMARY', arn, service.desiredCount, 'IN_PROGRESS'),
          );
        }
        const primary = service.deployments.find((d) => d.status === 'PRIMARY');
        if (primary) primary.desiredCount = service.desiredCount;
        return { headers: JSON_11, body: { service } };
      }
      default:
        return {
          status: 400,
          headers: JSON_11,
          body: { __type: 'UnknownOperationException', message: `Unknown operation ${operation}` },
        };
    }
  }

  function autoScaling(form: URLSearchParams): CannedResponse {
    const action = form.get('Action') ?? '';
    const name = form.get('AutoScalingGroupName') ?? form.get('AutoScalingGroupNames.member.1') ?? '';
    const group = groups.get(name);
    if (action === 'DescribeAutoScalingGroups') {
      return xml(action, `<AutoScalingGroups>${group ? groupXml(group) : ''}</AutoScalingGroups>`);
    }
    if (!group) return xmlError('ValidationError', `AutoScalingGroup name not found - ${name}`);
    const desired = Number(form.get('DesiredCapacity') ?? group.desired);
    const max = Number(form.get('MaxSize') ?? group.max);
    if (action === 'SetDesiredCapacity' || action === 'UpdateAutoScalingGroup') {
      if (desired > max) {
        return xmlError(
          'ValidationError',
          action === 'SetDesiredCapacity'
            ? `New SetDesiredCapacity value ${desired} is above max value ${max} for the AutoScalingGroup.`
            : `Desired capacity:${desired} must be between the specified min size:${group.min} and max size:${max}`,
        );
      }
      group.desired = desired;
      group.max = max;
      return { headers: XML, body: `<${action}Response xmlns="${NS}">${metadata()}</${action}Response>` };
    }
    return xmlError('InvalidAction', `Could not find operation ${action} for version 2011-01-01`);
  }

  return {
    server,
    url: server.url,
    requests: server.requests,
    services,
    groups,
    close: () => server.close(),
  };
}

function splitShort(definition: string): [string, number] {
  const [family, revision] = definition.split(':');
  return [family, Number(revision)];
}

function metadata(): string {
  return '<ResponseMetadata><RequestId>7c6e177f-f082-11e1-ac58-3714bEXAMPLE</RequestId></ResponseMetadata>';
}

function xml(action: string, result: string): CannedResponse {
  return {
    headers: XML,
    body: `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result>${metadata()}</${action}Response>`,
  };
}

function xmlError(code: string, message: string): CannedResponse {
  return {
    status: 400,
    headers: XML,
    body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>7c6e177f-EXAMPLE</RequestId></ErrorResponse>`,
  };
}

function groupXml(group: FakeGroup): string {
  const instances = group.instances
    .map(
      (i) =>
        `<member><InstanceId>${i.id}</InstanceId><InstanceType>m6i.large</InstanceType><AvailabilityZone>us-east-1a</AvailabilityZone><LifecycleState>${i.state}</LifecycleState><HealthStatus>${i.health}</HealthStatus><ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>`,
    )
    .join('');
  return (
    `<member><AutoScalingGroupName>${group.name}</AutoScalingGroupName>` +
    `<AutoScalingGroupARN>arn:aws:autoscaling:us-east-1:${ACCOUNT}:autoScalingGroup:930d940e-891e-4781-a11a-7b0acd480f03:autoScalingGroupName/${group.name}</AutoScalingGroupARN>` +
    `<MinSize>${group.min}</MinSize><MaxSize>${group.max}</MaxSize><DesiredCapacity>${group.desired}</DesiredCapacity>` +
    `<DefaultCooldown>300</DefaultCooldown><AvailabilityZones><member>us-east-1a</member></AvailabilityZones>` +
    `<HealthCheckType>EC2</HealthCheckType><HealthCheckGracePeriod>300</HealthCheckGracePeriod>` +
    `<Instances>${instances}</Instances><CreatedTime>2024-04-01T00:00:00.000Z</CreatedTime>` +
    `<SuspendedProcesses/><TerminationPolicies><member>Default</member></TerminationPolicies></member>`
  );
}
