/**
 * Test helper: a loopback fake of the Azure Resource Manager endpoints for one container
 * app, shaped after the Microsoft.App REST API reference (api-version 2024-03-01):
 * ContainerApps_Get, ContainerAppsRevisions_ListRevisions (`{"value": [...], "nextLink"}`,
 * two revisions a page), ContainerApps_Update (a JSON merge PATCH answered 202 Accepted with
 * an `Azure-AsyncOperation` URL whose status goes InProgress → Succeeded) and
 * ContainerAppsRevisions_Activate/Deactivate (POST, 200 with no body). Like ARM it demands
 * a bearer token and the api-version, answers errors as `{"error": {"code", "message"}}`,
 * and like Container Apps it rejects traffic weights that do not add up to 100 or that
 * name an inactive revision, and will not deactivate a revision that still gets traffic.
 */
import {
  type CannedResponse,
  type RecordedRequest,
  type RecordingServer,
  startRecordingServer,
} from '../../connectors/testing/recording-server.js';
import type { JsonObject } from '../kubernetes/json-diff.js';

export const SUBSCRIPTION = '34adfa4f-cedf-4dc0-ba29-b6d1a69ab345';
export const TOKEN = 'arm-token-abc';
export const API_VERSION = '2024-03-01';
export const APP_PATH = `/subscriptions/${SUBSCRIPTION}/resourceGroups/shop-rg/providers/Microsoft.App/containerApps/checkout`;
const OPERATION_PATH = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.App/locations/eastus/containerappOperationStatuses/op-1`;

export interface FakeRevision {
  name: string;
  created: string;
  active: boolean;
  health?: string;
  provisioning?: string;
}

export interface FakeArm {
  server: RecordingServer;
  url: string;
  requests: RecordedRequest[];
  app: JsonObject;
  revisions: FakeRevision[];
  close(): Promise<void>;
}

export function defaultRevisions(): FakeRevision[] {
  return [
    { name: 'checkout--v1', created: '2024-04-28T10:00:00+00:00', active: false },
    { name: 'checkout--v2', created: '2024-04-30T10:00:00+00:00', active: true },
    { name: 'checkout--v2x', created: '2024-04-30T12:00:00+00:00', active: false, provisioning: 'Failed' },
    { name: 'checkout--v3', created: '2024-05-01T10:00:00+00:00', active: true },
  ];
}

export function containerApp(options: { mode?: string; ingress?: boolean } = {}): JsonObject {
  return {
    id: APP_PATH,
    name: 'checkout',
    type: 'Microsoft.App/containerApps',
    location: 'East US',
    properties: {
      provisioningState: 'Succeeded',
      managedEnvironmentId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/shop-rg/providers/Microsoft.App/managedEnvironments/shop-env`,
      latestRevisionName: 'checkout--v3',
      latestReadyRevisionName: 'checkout--v3',
      latestRevisionFqdn: 'checkout--v3.shop-env.eastus.azurecontainerapps.io',
      configuration: {
        ...(options.mode ? { activeRevisionsMode: options.mode } : {}),
        ...(options.ingress === false
          ? {}
          : {
              ingress: {
                fqdn: 'checkout.shop-env.eastus.azurecontainerapps.io',
                external: true,
                targetPort: 8080,
                transport: 'auto',
                traffic: [
                  { revisionName: 'checkout--v3', weight: 100 },
                  { revisionName: 'checkout--v2', weight: 0, label: 'previous' },
                ],
              },
            }),
        maxInactiveRevisions: 10,
      },
      template: {
        containers: [
          {
            image: 'shop.azurecr.io/checkout:1.4.2',
            name: 'checkout',
            resources: { cpu: 0.5, memory: '1Gi' },
          },
        ],
        scale: { minReplicas: 2, maxReplicas: 10 },
      },
    },
  };
}

export async function startFakeArm(
  app: JsonObject,
  revisions: FakeRevision[] = defaultRevisions(),
  override?: (request: RecordedRequest) => CannedResponse | undefined,
): Promise<FakeArm> {
  let polls = 0;
  const server = await startRecordingServer((request) => {
    const answer = override?.(request);
    if (answer) return answer;
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      return error(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    }
    if (request.path === OPERATION_PATH) {
      polls += 1;
      return {
        body: { id: OPERATION_PATH, name: 'op-1', status: polls % 2 === 1 ? 'InProgress' : 'Succeeded' },
      };
    }
    if (request.query.get('api-version') !== API_VERSION && !request.query.has('$skipToken')) {
      return error(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    }
    if (request.path === APP_PATH && request.method === 'GET') return { body: structuredClone(app) };
    if (request.path === APP_PATH && request.method === 'PATCH') return patch(request);
    if (request.path === `${APP_PATH}/revisions` && request.method === 'GET') {
      const skip = Number(request.query.get('$skipToken') ?? 0);
      const page = revisions.slice(skip, skip + 2).map((r) => revisionBody(r, app));
      const next =
        skip + 2 < revisions.length
          ? `${server.url}${APP_PATH}/revisions?api-version=${API_VERSION}&$skipToken=${skip + 2}`
          : null;
      return { body: { value: page, nextLink: next } };
    }
    const action = request.path.match(new RegExp(`^${APP_PATH}/revisions/([^/]+)/(activate|deactivate)$`));
    if (action && request.method === 'POST') {
      const revision = revisions.find((r) => r.name === action[1]);
      if (!revision) return error(404, 'ContainerAppRevisionNotFound', `Revision '${action[1]}' not found.`);
      if (action[2] === 'deactivate' && weightOf(app, revision.name) > 0) {
        return error(
          400,
          'ContainerAppRevisionInUse',
          `Revision '${revision.name}' receives traffic and cannot be deactivated.`,
        );
      }
      revision.active = action[2] === 'activate';
      return { body: '' };
    }
    return error(
      404,
      'ResourceNotFound',
      `The Resource 'Microsoft.App/containerApps/${request.path.split('/').pop()}' under resource group 'shop-rg' was not found.`,
    );
  });

  function patch(request: RecordedRequest): CannedResponse {
    const body = JSON.parse(request.body) as JsonObject;
    const traffic = ((((body.properties as JsonObject)?.configuration as JsonObject)?.ingress as JsonObject)
      ?.traffic ?? []) as JsonObject[];
    const total = traffic.reduce((sum, t) => sum + Number(t.weight ?? 0), 0);
    if (total !== 100) {
      return error(
        400,
        'ContainerAppInvalidTrafficWeight',
        `The sum of traffic weights must be 100, got ${total}.`,
      );
    }
    for (const t of traffic) {
      const revision = revisions.find((r) => r.name === t.revisionName);
      if (t.revisionName && !revision?.active && Number(t.weight) > 0) {
        return error(400, 'ContainerAppInvalidRevision', `Revision '${t.revisionName}' is not active.`);
      }
    }
    const ingress = ((app.properties as JsonObject).configuration as JsonObject).ingress as JsonObject;
    ingress.traffic = traffic;
    polls = 0;
    return {
      status: 202,
      headers: {
        'azure-asyncoperation': `${server.url}${OPERATION_PATH}?api-version=${API_VERSION}`,
        location: `${server.url}${OPERATION_PATH}?api-version=${API_VERSION}`,
      },
      body: '',
    };
  }

  return {
    server,
    url: server.url,
    requests: server.requests,
    app,
    revisions,
    close: () => server.close(),
  };
}

function error(status: number, code: string, message: string): CannedResponse {
  return { status, body: { error: { code, message } } };
}

function weightOf(app: JsonObject, revision: string): number {
  const configuration = (app.properties as JsonObject).configuration as JsonObject;
  const traffic = ((configuration.ingress as JsonObject | undefined)?.traffic ?? []) as JsonObject[];
  return traffic
    .filter((t) => t.revisionName === revision || (t.latestRevision === true && revision === 'checkout--v3'))
    .reduce((sum, t) => sum + Number(t.weight ?? 0), 0);
}

function revisionBody(revision: FakeRevision, app: JsonObject): JsonObject {
  return {
    id: `${APP_PATH}/revisions/${revision.name}`,
    name: revision.name,
    type: 'Microsoft.App/containerApps/revisions',
    properties: {
      createdTime: revision.created,
      lastActiveTime: revision.created,
      fqdn: `${revision.name}.shop-env.eastus.azurecontainerapps.io`,
      template: { containers: [{ image: 'shop.azurecr.io/checkout', name: 'checkout' }] },
      active: revision.active,
      replicas: revision.active ? 2 : 0,
      trafficWeight: weightOf(app, revision.name),
      healthState: revision.health ?? (revision.provisioning === 'Failed' ? 'None' : 'Healthy'),
      provisioningState: revision.provisioning ?? 'Provisioned',
      runningState: revision.active ? 'Running' : 'Stopped',
    },
  };
}
