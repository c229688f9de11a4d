/**
 * The parts of Nomad's Job, job version and allocation objects (Nomad HTTP API: "Jobs" →
 * Read Job, List Job Versions, List Job Allocations) the actuator reads, checked as they are
 * parsed, and what it derives from them: the version to revert to, whether two versions
 * have the same spec, and the images a version runs.
 */
import { ActuationRefused } from '../shared/actuation-refused.js';

export interface NomadTaskGroup {
  Name: string;
  Count: number;
  Scaling?: { Min?: number; Max?: number; Enabled?: boolean } | null;
  Tasks?: { Name?: string; Config?: Record<string, unknown> | null }[] | null;
}

export interface NomadJob {
  ID: string;
  Version: number;
  Type?: string;
  Status?: string;
  Stable?: boolean;
  Stop?: boolean;
  TaskGroups: NomadTaskGroup[];
  [field: string]: unknown;
}

export interface NomadAllocation {
  ID: string;
  Name?: string;
  TaskGroup?: string;
  ClientStatus?: string;
  DesiredStatus?: string;
}

export function parseJob(payload: unknown, what: string): NomadJob {
  const job = payload as Partial<NomadJob> | null;
  if (
    typeof job?.ID !== 'string' ||
    typeof job.Version !== 'number' ||
    !Array.isArray(job.TaskGroups) ||
    !job.TaskGroups.every((g) => typeof g?.Name === 'string' && typeof g.Count === 'number')
  ) {
    throw new ActuationRefused(
      `unexpected Nomad payload: ${what} is not a job with ID, Version and TaskGroups`,
    );
  }
  return job as NomadJob;
}

export function parseVersions(payload: unknown): NomadJob[] {
  const versions = (payload as { Versions?: unknown } | null)?.Versions;
  if (!Array.isArray(versions)) throw new ActuationRefused('unexpected Nomad payload: no Versions list');
  return versions.map((v, i) => parseJob(v, `Versions[${i}]`));
}

export function parseAllocations(payload: unknown): NomadAllocation[] {
  if (!Array.isArray(payload) || !payload.every((a) => typeof a?.ID === 'string')) {
    throw new ActuationRefused('unexpected Nomad payload: allocations are a list of objects with an ID');
  }
  return payload as NomadAllocation[];
}

/**
 * The version a rollback goes to. `params.job_version` names it exactly (it must exist and
 * be older). `params.to_version` (from the deploy history, or `previous_version` from
 * describe) picks the newest older version running an image with that tag, else, when it
 * is a number, that job version. Otherwise: the newest older version marked stable, else
 * the newest older one.
 */
export function priorVersion(
  versions: readonly NomadJob[],
  current: number,
  params: Record<string, unknown>,
): { version: NomadJob; why: string } {
  const older = versions.filter((v) => v.Version < current).sort((a, b) => b.Version - a.Version);
  const kept = older.map((v) => v.Version).join(', ') || 'none';
  if (params.job_version !== undefined) {
    const wanted = params.job_version;
    const found = isVersionNumber(wanted) ? older.find((v) => v.Version === Number(wanted)) : undefined;
    if (!isVersionNumber(wanted)) {
      throw new ActuationRefused(
        `params.job_version: expected a job version number, got ${JSON.stringify(wanted)}`,
      );
    }
    if (!found) {
      throw new ActuationRefused(
        `params.job_version: ${wanted} is not an older version of the job (current ${current}; older versions kept: ${kept})`,
      );
    }
    return { version: found, why: `job version ${wanted}, as the step asks` };
  }
  if (older.length === 0) {
    throw new ActuationRefused(
      `the job is at version ${current} and Nomad keeps no older version to revert to`,
    );
  }
  const hint = params.to_version;
  let missed = '';
  if ((typeof hint === 'string' && hint) || typeof hint === 'number') {
    const tag = String(hint);
    const byTag = older.find((v) => imagesOf(v).some((image) => image === tag || image.endsWith(`:${tag}`)));
    if (byTag) return { version: byTag, why: `the newest older version running ${tag}` };
    const byNumber = isVersionNumber(hint) ? older.find((v) => v.Version === Number(hint)) : undefined;
    if (byNumber)
      return { version: byNumber, why: `job version ${tag}, the previous version afr was told of` };
    missed = ` (no older version runs ${tag}; versions kept: ${kept})`;
  }
  const stable = older.find((v) => v.Stable === true);
  if (stable) return { version: stable, why: `the newest older version marked stable${missed}` };
  return {
    version: older[0] as NomadJob,
    why: `the version before the current one (none is marked stable)${missed}`,
  };
}

/** Task images (or commands) of a version, `group/task=image`-free: just the images. */
export function imagesOf(job: NomadJob): string[] {
  const images: string[] = [];
  for (const group of job.TaskGroups) {
    for (const task of group.Tasks ?? []) {
      const image = task.Config?.image ?? task.Config?.command;
      if (typeof image === 'string') images.push(image);
    }
  }
  return images;
}

/** Same task groups (counts aside), i.e. a revert between them would change nothing that runs. */
export function sameSpec(a: NomadJob, b: NomadJob): boolean {
  const groups = (job: NomadJob) => canonical(job.TaskGroups.map(({ Count: _count, ...group }) => group));
  return groups(a) === groups(b);
}

export function groupOf(job: NomadJob, name: string | undefined): NomadTaskGroup {
  if (name) {
    const group = job.TaskGroups.find((g) => g.Name === name);
    if (!group) {
      throw new ActuationRefused(
        `job ${job.ID} has no task group "${name}" (groups: ${job.TaskGroups.map((g) => g.Name).join(', ')})`,
      );
    }
    return group;
  }
  if (job.TaskGroups.length === 1) return job.TaskGroups[0] as NomadTaskGroup;
  throw new ActuationRefused(
    `job ${job.ID} has ${job.TaskGroups.length} task groups (${job.TaskGroups.map((g) => g.Name).join(', ')}); name the one to scale in integrations.nomad.groups`,
  );
}

function isVersionNumber(value: unknown): value is number | string {
  return (
    (typeof value === 'number' && Number.isInteger(value) && value >= 0) ||
    (typeof value === 'string' && /^\d+$/.test(value))
  );
}

/** JSON with sorted keys, so equal objects compare equal whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
