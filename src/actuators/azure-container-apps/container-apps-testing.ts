/** Test helpers: a Container Apps actuator pointed at the fake ARM endpoint. */
import type { CannedResponse, RecordedRequest } from '../../connectors/testing/recording-server.js';
import type { JsonObject } from '../kubernetes/json-diff.js';
import { type FakeRevision, SUBSCRIPTION, startFakeArm, TOKEN } from './arm-fake.js';
import { ContainerAppsActuator } from './container-apps-actuator.js';
import { type ContainerAppsOptionsInput, ContainerAppsOptionsSchema } from './container-apps-options.js';

export { ctx, data, errorOf, step } from '../kubernetes/kube-actuator-testing.js';

export async function appsActuatorOn(
  app: JsonObject,
  options: Partial<ContainerAppsOptionsInput> = {},
  revisions?: FakeRevision[],
  override?: (request: RecordedRequest) => CannedResponse | undefined,
  env: Record<string, string | undefined> = { AZURE_ACCESS_TOKEN: TOKEN },
) {
  const arm = await startFakeArm(app, revisions, override);
  const parsed = ContainerAppsOptionsSchema.parse({
    base_url: arm.url,
    subscription_id: SUBSCRIPTION,
    resource_group: 'shop-rg',
    poll_interval_ms: 5,
    ...options,
  });
  return { actuator: new ContainerAppsActuator(parsed, { env }), arm };
}

/** `METHOD path` of each request, the subscription prefix shortened to `~`. */
export function calls(requests: RecordedRequest[]): string[] {
  return requests.map((r) => `${r.method} ${r.path.replace(`/subscriptions/${SUBSCRIPTION}`, '~')}`);
}
