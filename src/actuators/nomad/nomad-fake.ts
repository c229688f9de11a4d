/**
 * A small stateful Nomad for the actuator's tests, served by the loopback recording server.
 * Payloads follow the Nomad HTTP API reference: "Jobs" → Read Job, List Job Versions
 * (`{Versions, Diffs, Index}` newest first), List Job Allocations, Revert to older Job
 * Version (a new version with the older spec; EnforcePriorVersion checked), Scale Task
 * Group (`{EvalID, EvalCreateIndex, JobModifyIndex, ...}`); "Allocations" → Restart
 * Allocation (`{}`). Errors are plain text, as Nomad sends them.
 */
import {
  type CannedResponse,
  type RecordedRequest,
  type RecordingServer,
  startRecordingServer,
} from '../../connectors/testing/recording-server.js';

export interface FakeGroup {
  name: string;
  count: number;
  image: string;
  max?: number;
}

export interface FakeAllocation {
  id: string;
  name: string;
  status: 'running' | 'pending' | 'complete' | 'failed';
}

export const ALLOC_IDS = [
  'ed344e0a-7290-d117-41d3-a64f853ca3c2',
  '5456bd7a-9fc0-c0dd-6131-cbee77f57577',
  'd0ad0808-2765-abf6-1e15-79fb7fe5a416',
  '38c70cd8-81f2-1489-a328-87bb29ec0e0f',
];

export function jobVersion(id: string, version: number, groups: FakeGroup[], stable: boolean) {
  return {
    Region: 'eu',
    Namespace: 'shop',
    ID: id,
    ParentID: '',
    Name: id,
    Type: 'service',
    Priority: 50,
    Datacenters: ['dc1'],
    NodePool: 'prod',
    TaskGroups: groups.map((g) => ({
      Name: g.name,
      Count: g.count,
      Scaling: g.max === undefined ? null : { Enabled: true, Min: 1, Max: g.max },
      RestartPolicy: { Attempts: 2, Delay: 15000000000, Interval: 1800000000000, Mode: 'fail' },
      Tasks: [
        {
          Name: g.name,
          Driver: 'docker',
          Config: { image: g.image, ports: ['http'] },
          Resources: { CPU: 500, MemoryMB: 256 },
        },
      ],
      Update: { MaxParallel: 1, HealthCheck: 'checks', AutoRevert: false, Canary: 0 },
    })),
    Stable: stable,
    Status: 'running',
    StatusDescription: '',
    Stop: false,
    SubmitTime: 1608304897537638400 + version,
    Version: version,
    CreateIndex: 44,
    ModifyIndex: 51 + version,
    JobModifyIndex: 44 + version,
  };
}

type Job = ReturnType<typeof jobVersion>;

export interface FakeNomad {
  server: RecordingServer;
  url: string;
  /** Newest last. */
  versions: Job[];
  allocations: FakeAllocation[];
  /** Answer the next request matching `path` with this instead. */
  failNext: Map<string, CannedResponse>;
  current(): Job;
  close(): Promise<void>;
}

export async function startFakeNomad(initial: Job[], allocations: FakeAllocation[] = []): Promise<FakeNomad> {
  const fake: Omit<FakeNomad, 'server' | 'url' | 'close'> = {
    versions: [...initial],
    allocations,
    failNext: new Map(),
    current: () => fake.versions[fake.versions.length - 1] as Job,
  };
  let index = 100;
  const register = (job: Job) => {
    const next = { ...structuredClone(job), Version: fake.current().Version + 1, Stable: false };
    fake.versions.push(next);
    index += 2;
    return {
      EvalID: `eval-${index}`,
      EvalCreateIndex: index,
      JobModifyIndex: index - 1,
      Warnings: '',
      Index: index,
    };
  };
  const handle = (r: RecordedRequest): CannedResponse => {
    const failure = fake.failNext.get(r.path);
    if (failure) {
      fake.failNext.delete(r.path);
      return failure;
    }
    const id = fake.current().ID;
    const job = `/v1/job/${id}`;
    if (r.method === 'GET' && r.path === job) return { body: fake.current() };
    if (r.method === 'GET' && r.path === `${job}/versions`) {
      return {
        body: {
          Diffs: null,
          Index: index,
          KnownLeader: true,
          LastContact: 0,
          Versions: [...fake.versions].reverse(),
        },
      };
    }
    if (r.method === 'GET' && r.path === `${job}/allocations`) {
      return {
        body: fake.allocations.map((a) => ({
          ID: a.id,
          EvalID: 'a9c5effc-2242-51b2-f1fe-054ee11ab189',
          Name: a.name,
          NodeID: 'cb1f6030-a220-4f92-57dc-7baaabdc3823',
          JobID: id,
          TaskGroup: 'web',
          DesiredStatus: a.status === 'running' || a.status === 'pending' ? 'run' : 'stop',
          ClientStatus: a.status,
          CreateIndex: 9,
          ModifyIndex: 13,
        })),
      };
    }
    if (r.method === 'POST' && r.path === `${job}/revert`) {
      const body = JSON.parse(r.body) as { JobID: string; JobVersion: number; EnforcePriorVersion?: number };
      if (body.EnforcePriorVersion !== undefined && body.EnforcePriorVersion !== fake.current().Version) {
        return {
          status: 500,
          body: `current job has version ${fake.current().Version}; enforcing version ${body.EnforcePriorVersion}`,
        };
      }
      const target = fake.versions.find((v) => v.Version === body.JobVersion);
      if (!target) return { status: 500, body: `job ${id} at version ${body.JobVersion} not found` };
      return { body: register(target) };
    }
    if (r.method === 'POST' && r.path === `${job}/scale`) {
      const body = JSON.parse(r.body) as { Count: number; Target: { Group: string } };
      const next = structuredClone(fake.current());
      const group = next.TaskGroups.find((g) => g.Name === body.Target.Group);
      if (!group)
        return {
          status: 400,
          body: `task group "${body.Target.Group}" specified for scaling does not exist in job`,
        };
      group.Count = body.Count;
      return { body: { ...register(next), KnownLeader: false, LastContact: 0 } };
    }
    const restart = /^\/v1\/client\/allocation\/([^/]+)\/restart$/.exec(r.path);
    if (r.method === 'POST' && restart) {
      return fake.allocations.some((a) => a.id === restart[1])
        ? { body: {} }
        : { status: 404, body: 'Unknown allocation' };
    }
    return { status: 404, body: r.path.startsWith('/v1/job/') ? 'job not found' : 'Invalid method' };
  };
  const server = await startRecordingServer(handle);
  return { ...fake, server, url: server.url, close: () => server.close() } as FakeNomad;
}
