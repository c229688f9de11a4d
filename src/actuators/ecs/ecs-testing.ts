/** Test helpers: an ECS actuator with static credentials, pointed at the fake AWS endpoints. */
import type { CannedResponse, RecordedRequest } from '../../connectors/testing/recording-server.js';
import { type FakeGroup, type FakeService, startFakeAws } from './aws-fake.js';
import { EcsActuator } from './ecs-actuator.js';
import { type EcsActuatorOptionsInput, EcsActuatorOptionsSchema } from './ecs-actuator-options.js';

export { ctx, data, errorOf, step } from '../kubernetes/kube-actuator-testing.js';

export const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLETEST', secretAccessKey: 'test-secret-key' };

export async function awsActuatorOn(
  state: { services?: FakeService[]; taskDefinitions?: string[]; groups?: FakeGroup[] },
  options: EcsActuatorOptionsInput = {},
  override?: (request: RecordedRequest) => CannedResponse | undefined,
) {
  const aws = await startFakeAws(state, override);
  const parsed = EcsActuatorOptionsSchema.parse({
    region: 'us-east-1',
    endpoint: aws.url,
    auto_scaling_endpoint: aws.url,
    cluster: 'prod',
    max_attempts: 1,
    ...options,
  });
  return { actuator: new EcsActuator(parsed, { credentials: CREDENTIALS }), aws };
}

/** The operation of each request: the X-Amz-Target suffix (ECS) or the Action (Auto Scaling). */
export function operations(requests: RecordedRequest[]): string[] {
  return requests.map((r) => {
    const target = r.headers['x-amz-target'];
    return target ? String(target).split('.').pop()! : (new URLSearchParams(r.body).get('Action') ?? '?');
  });
}
