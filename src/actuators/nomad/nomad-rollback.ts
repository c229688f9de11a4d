/**
 * `rollback`: revert the job to an earlier version (Nomad HTTP API, "Jobs" → Revert to older
 * Job Version: POST /v1/job/:job_id/revert with JobID, JobVersion and EnforcePriorVersion set
 * to the version read just before, so a concurrent change makes Nomad refuse instead of
 * being overwritten). The version is chosen from GET /v1/job/:job_id/versions (see
 * `priorVersion`). A revert to a version with the same spec as the current one changes
 * nothing, so it is not sent: applying the same rollback twice is harmless.
 */
import type { NomadApi, NomadScope } from './nomad-api.js';
import { jobPath, query } from './nomad-api.js';
import type { NomadChange } from './nomad-change.js';
import { imagesOf, type NomadJob, priorVersion, sameSpec } from './nomad-job.js';

export async function prepareRollback(
  api: NomadApi,
  jobId: string,
  scope: NomadScope,
  params: Record<string, unknown>,
  signal: AbortSignal,
): Promise<NomadChange> {
  const job = await api.job(jobId, scope, signal);
  const versions = await api.versions(jobId, scope, signal);
  const { version: target, why } = priorVersion(versions, job.Version, params);
  const diff = [
    `- version ${job.Version}: ${describeVersion(job)}`,
    `+ version ${target.Version}: ${describeVersion(target)}`,
  ];
  if (sameSpec(job, target)) {
    return {
      strategy: 'rollback',
      summary: `job ${jobId} version ${job.Version} already runs the spec of version ${target.Version}; nothing to revert`,
      calls: [],
      diff,
      notes: [],
      token: null,
    };
  }
  return {
    strategy: 'rollback',
    summary: `revert Nomad job ${jobId} from version ${job.Version} to version ${target.Version} (${why})`,
    calls: [
      {
        method: 'POST',
        path: `${jobPath(jobId)}/revert`,
        query: query(scope),
        body: { JobID: jobId, JobVersion: target.Version, EnforcePriorVersion: job.Version },
      },
    ],
    diff,
    notes: ['Nomad records the revert as a new job version with the older spec'],
    token: {
      actuator: 'nomad',
      strategy: 'rollback',
      job: jobId,
      ...scope,
      from_version: job.Version,
      to_version: target.Version,
    },
  };
}

function describeVersion(job: NomadJob): string {
  const images = imagesOf(job);
  const stable = job.Stable === true ? 'stable' : 'not marked stable';
  return `${images.length ? images.join(', ') : 'no task images'} (${stable})`;
}
