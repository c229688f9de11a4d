/**
 * GitLab deployments (Deployments API, "List project deployments") as ChangeEvents. A
 * finished deployment is dated when its job finished (`deployable.finished_at`, else the
 * deployment's `updated_at`, when its status last changed); a running one when its job
 * started. The version is the commit (12 characters); the previous version is that of the
 * last successful deployment to the same environment.
 */
import { z } from 'zod';
import type { ChangeEvent } from '../../core/telemetry.js';

export const GitLabDeploymentSchema = z.object({
  id: z.number(),
  ref: z.string(),
  sha: z.string(),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  user: z.object({ username: z.string() }).nullish(),
  environment: z.object({ name: z.string() }).nullish(),
  deployable: z.object({ started_at: z.string().nullish(), finished_at: z.string().nullish() }).nullish(),
});
export type GitLabDeployment = z.output<typeof GitLabDeploymentSchema>;

export function parseGitLabDeployments(json: unknown): GitLabDeployment[] {
  const parsed = z.array(GitLabDeploymentSchema).safeParse(json);
  if (!parsed.success)
    throw new Error(`unexpected GitLab deployments payload: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function timeOf(deployment: GitLabDeployment): number {
  const job = deployment.deployable;
  const iso =
    deployment.status === 'running'
      ? (job?.started_at ?? deployment.updated_at)
      : (job?.finished_at ?? deployment.updated_at);
  return Date.parse(iso) / 1000;
}

/** Deployments in any order → ChangeEvents for those whose status is in `statuses`. */
export function gitlabDeploymentChanges(
  project: string,
  service: string,
  deployments: readonly GitLabDeployment[],
  statuses: readonly string[],
): ChangeEvent[] {
  const ordered = deployments.map((d) => ({ d, at: timeOf(d) })).sort((a, b) => a.at - b.at);
  const lastSuccess = new Map<string, string>();
  const out: ChangeEvent[] = [];
  for (const { d, at } of ordered) {
    const environment = d.environment?.name ?? 'unknown';
    const version = d.sha.slice(0, 12);
    if (statuses.includes(d.status)) {
      const what = `deploy of ${d.ref} to ${environment}`;
      const change: ChangeEvent = {
        timestamp: at,
        service,
        kind: 'deploy',
        version,
        description: d.status === 'success' ? what : `${what} (${d.status})`,
        id: `gitlab:${project}:deployment:${d.id}`,
      };
      const previous = lastSuccess.get(environment);
      if (previous !== undefined) change.previous_version = previous;
      if (d.user?.username) change.author = d.user.username;
      out.push(change);
    }
    if (d.status === 'success') lastSuccess.set(environment, version);
  }
  return out;
}
