/** Test helpers: an Istio actuator wired to a fake mesh API, and plan steps. */
import { testKubeConfig } from '../../connectors/kubernetes/kube-test-fixtures.js';
import type { JsonObject } from '../kubernetes/json-diff.js';
import type { FakeCluster, Override } from '../kubernetes/kube-fake-cluster.js';
import { IstioActuator } from './istio-actuator.js';
import { type IstioActuatorOptionsInput, IstioActuatorOptionsSchema } from './istio-actuator-options.js';
import { startFakeMesh } from './istio-fake-mesh.js';

export { ctx, data, errorOf, step } from '../kubernetes/kube-actuator-testing.js';

export async function meshActuatorOn(
  objects: JsonObject[],
  options: IstioActuatorOptionsInput = {},
  override?: Override,
): Promise<{ actuator: IstioActuator; mesh: FakeCluster }> {
  const parsed = IstioActuatorOptionsSchema.parse({ namespace: 'shop', ...options });
  const mesh = await startFakeMesh(objects, override, parsed.api_version);
  const actuator = new IstioActuator(parsed, { kubeConfig: testKubeConfig(mesh.url) });
  return { actuator, mesh };
}

/** The write requests (POST, PATCH, DELETE) the mesh received. */
export function writes(mesh: FakeCluster) {
  return mesh.requests.filter((r) => r.method !== 'GET');
}
