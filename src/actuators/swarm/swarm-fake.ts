/**
 * A small stateful Docker Swarm manager for the actuator's tests, on the loopback recording
 * server. Payloads follow the Docker Engine API reference: ServiceInspect (GET
 * /services/{id}: ID, Version.Index, CreatedAt, UpdatedAt, Spec, PreviousSpec, Endpoint,
 * UpdateStatus) and ServiceUpdate (POST /services/{id}/update?version=N, optional
 * rollback=previous, answering ServiceUpdateResponse `{"Warnings": [...]}`); errors are
 * ErrorResponse `{"message": "..."}`. On a rollback Swarm swaps Spec and PreviousSpec.
 */
import {
  type CannedResponse,
  type RecordedRequest,
  type RecordingServer,
  startRecordingServer,
} from '../../connectors/testing/recording-server.js';
import type { ServiceSpec } from './swarm-service.js';

export const SERVICE_ID = '9mnpnzenvg8p8tdbtq4wvbkcz';
const DIGEST = '@sha256:4c6f3b6a0e1c4e7f2f5a0a6d5b9e8c7d6f5e4d3c2b1a09f8e7d6c5b4a3f2e1d0';

export function serviceSpec(name: string, tag: string, replicas: number | 'global' = 3): ServiceSpec {
  return {
    Name: name,
    Labels: { 'com.docker.stack.namespace': 'shop' },
    TaskTemplate: {
      ContainerSpec: {
        Image: `registry.example/shop/checkout:${tag}${DIGEST}`,
        Env: ['LOG_LEVEL=info', 'DB_PASSWORD=hunter2'],
        Isolation: 'default',
      },
      Resources: { Limits: {}, Reservations: {} },
      RestartPolicy: { Condition: 'any', MaxAttempts: 0 },
      Placement: {},
      ForceUpdate: 0,
      Runtime: 'container',
    },
    Mode: replicas === 'global' ? { Global: {} } : { Replicated: { Replicas: replicas } },
    UpdateConfig: {
      Parallelism: 1,
      Delay: 1000000000,
      FailureAction: 'pause',
      Monitor: 15000000000,
      MaxFailureRatio: 0.15,
      Order: 'stop-first',
    },
    RollbackConfig: {
      Parallelism: 1,
      FailureAction: 'pause',
      Monitor: 15000000000,
      MaxFailureRatio: 0.15,
      Order: 'stop-first',
    },
    EndpointSpec: { Mode: 'vip', Ports: [{ Protocol: 'tcp', TargetPort: 8080, PublishedPort: 30001 }] },
  };
}

export interface FakeService {
  ID: string;
  Version: { Index: number };
  CreatedAt: string;
  UpdatedAt: string;
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec;
  Endpoint: Record<string, unknown>;
  UpdateStatus?: { State: string; StartedAt?: string; CompletedAt?: string; Message: string };
}

export interface FakeSwarm {
  server: RecordingServer;
  url: string;
  service: FakeService;
  /** Answer the next request to this path with this instead. */
  failNext: Map<string, CannedResponse>;
  close(): Promise<void>;
}

export async function startFakeSwarm(
  spec: ServiceSpec,
  previous?: ServiceSpec,
  prefix = '/v1.43',
): Promise<FakeSwarm> {
  const service: FakeService = {
    ID: SERVICE_ID,
    Version: { Index: 19 },
    CreatedAt: '2016-06-07T21:05:51.880065305Z',
    UpdatedAt: '2016-06-07T21:07:29.962229872Z',
    Spec: structuredClone(spec),
    ...(previous ? { PreviousSpec: structuredClone(previous) } : {}),
    Endpoint: {
      Spec: { Mode: 'vip' },
      VirtualIPs: [{ NetworkID: '4qvuz4ko70xaltuqbt8956gd1', Addr: '10.255.0.2/16' }],
    },
    ...(previous
      ? {
          UpdateStatus: {
            State: 'completed',
            StartedAt: '2016-06-07T21:07:20.000000000Z',
            CompletedAt: '2016-06-07T21:07:29.962229872Z',
            Message: 'update completed',
          },
        }
      : {}),
  };
  const failNext = new Map<string, CannedResponse>();
  const names = () => [service.ID, service.Spec.Name];
  const handle = (r: RecordedRequest): CannedResponse => {
    const failure = failNext.get(r.path);
    if (failure) {
      failNext.delete(r.path);
      return failure;
    }
    const match = new RegExp(`^${prefix}/services/([^/]+)(/update)?$`).exec(r.path);
    const id = match ? decodeURIComponent(match[1] as string) : '';
    if (!match || !names().includes(id)) return { status: 404, body: { message: `service ${id} not found` } };
    if (r.method === 'GET' && !match[2]) return { body: service };
    if (r.method !== 'POST' || !match[2]) return { status: 404, body: { message: 'page not found' } };
    if (Number(r.query.get('version')) !== service.Version.Index) {
      return { status: 500, body: { message: 'rpc error: code = Unknown desc = update out of sequence' } };
    }
    if (r.query.get('rollback') === 'previous') {
      if (!service.PreviousSpec) {
        return { status: 400, body: { message: `service ${service.ID} does not have a previous spec` } };
      }
      [service.Spec, service.PreviousSpec] = [service.PreviousSpec, service.Spec];
      service.UpdateStatus = { State: 'rollback_started', Message: 'manually requested rollback' };
    } else {
      service.PreviousSpec = service.Spec;
      service.Spec = JSON.parse(r.body) as ServiceSpec;
      service.UpdateStatus = { State: 'updating', Message: 'update in progress' };
    }
    service.Version.Index += 3;
    return {
      body: {
        Warnings: [
          'image registry.example/shop/checkout could not be accessed on a registry to record its digest',
        ],
      },
    };
  };
  const server = await startRecordingServer(handle);
  return { server, url: server.url, service, failNext, close: () => server.close() };
}
