/**
 * `restart`: an in-place restart of each running allocation of the job, one at a time
 * (Nomad HTTP API: "Jobs" → List Job Allocations, then "Allocations" → Restart Allocation,
 * POST /v1/client/allocation/:alloc_id/restart; an empty payload restarts every running
 * task). With `params.canary: N` only the first N allocations (by name) are restarted; the
 * full step that follows then skips them. A restart changes no desired state and has
 * nothing to undo.
 */
import { ActuationRefused } from '../shared/actuation-refused.js';
import type { NomadApi, NomadScope } from './nomad-api.js';
import { query } from './nomad-api.js';
import type { NomadChange } from './nomad-change.js';

export async function prepareRestart(
  api: NomadApi,
  jobId: string,
  scope: NomadScope,
  params: Record<string, unknown>,
  alreadyRestarted: ReadonlySet<string>,
  signal: AbortSignal,
): Promise<NomadChange> {
  const allocations = (await api.allocations(jobId, scope, signal))
    .filter((a) => a.ClientStatus === 'running' && (a.DesiredStatus ?? 'run') === 'run')
    .sort((a, b) => (a.Name ?? a.ID).localeCompare(b.Name ?? b.ID) || a.ID.localeCompare(b.ID));
  if (allocations.length === 0)
    throw new ActuationRefused(`job ${jobId} has no running allocation to restart`);
  const canary = params.canary;
  if (canary !== undefined && !(typeof canary === 'number' && Number.isInteger(canary) && canary > 0)) {
    throw new ActuationRefused(`params.canary: expected a positive integer, got ${JSON.stringify(canary)}`);
  }
  const remaining = allocations.filter((a) => !alreadyRestarted.has(a.ID));
  const chosen = canary === undefined ? remaining : remaining.slice(0, canary);
  const skipped = allocations.length - remaining.length;
  if (chosen.length === 0)
    throw new ActuationRefused(`every running allocation of job ${jobId} was restarted as the canary`);
  const what =
    canary !== undefined
      ? `${chosen.length} of ${allocations.length} running allocation(s) as a canary`
      : skipped
        ? `the other ${chosen.length} of ${allocations.length} running allocation(s) (${skipped} restarted as the canary)`
        : `all ${chosen.length} running allocation(s)`;
  return {
    strategy: 'restart',
    summary: `restart ${what} of Nomad job ${jobId} in place, one at a time`,
    calls: chosen.map((a) => ({
      method: 'POST' as const,
      path: `/v1/client/allocation/${encodeURIComponent(a.ID)}/restart`,
      query: query(scope),
      body: {},
    })),
    diff: chosen.map((a) => `~ restart ${a.Name ?? a.ID} (${a.ID})`),
    notes: [],
    token: {
      actuator: 'nomad',
      strategy: 'restart',
      job: jobId,
      ...scope,
      allocations: chosen.map((a) => a.ID),
    },
  };
}
