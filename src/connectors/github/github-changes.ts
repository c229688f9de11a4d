/**
 * GitHub deployments and releases as ChangeEvents. The payloads are checked for the fields
 * used (REST API "List deployments" and "List releases"). A deployment's time is its
 * `created_at`, its version the commit (12 characters), the previous version that of the
 * deployment before it to the same environment. A published release is a deploy of its
 * tag at `published_at`; drafts are skipped.
 */
import { z } from 'zod';
import type { ChangeEvent } from '../../core/telemetry.js';

const UserSchema = z.object({ login: z.string() }).nullish();

export const GitHubDeploymentSchema = z.object({
  id: z.number(),
  sha: z.string(),
  ref: z.string(),
  task: z.string().default('deploy'),
  environment: z.string(),
  description: z.string().nullish(),
  creator: UserSchema,
  created_at: z.string(),
});
export type GitHubDeployment = z.output<typeof GitHubDeploymentSchema>;

export const GitHubReleaseSchema = z.object({
  id: z.number(),
  tag_name: z.string(),
  name: z.string().nullish(),
  draft: z.boolean().default(false),
  prerelease: z.boolean().default(false),
  author: UserSchema,
  created_at: z.string(),
  published_at: z.string().nullish(),
});
export type GitHubRelease = z.output<typeof GitHubReleaseSchema>;

export function parseGitHubList<T>(schema: z.ZodType<T>, json: unknown, what: string): T[] {
  const parsed = z.array(schema).safeParse(json);
  if (!parsed.success) throw new Error(`unexpected GitHub ${what} payload: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function githubSeconds(iso: string): number {
  return Date.parse(iso) / 1000;
}

/** Deployments listed newest first → ChangeEvents, each with the version it replaced. */
export function githubDeploymentChanges(
  repo: string,
  service: string,
  newestFirst: GitHubDeployment[],
): ChangeEvent[] {
  const oldestFirst = [...newestFirst].sort(
    (a, b) => githubSeconds(a.created_at) - githubSeconds(b.created_at),
  );
  const lastByEnvironment = new Map<string, string>();
  return oldestFirst.map((deployment) => {
    const version = deployment.sha.slice(0, 12);
    const what = `${deployment.task} of ${deployment.ref} to ${deployment.environment}`;
    const change: ChangeEvent = {
      timestamp: githubSeconds(deployment.created_at),
      service,
      kind: 'deploy',
      version,
      description: deployment.description ? `${what}: ${deployment.description}` : what,
      id: `github:${repo}:deployment:${deployment.id}`,
    };
    const previous = lastByEnvironment.get(deployment.environment);
    if (previous !== undefined) change.previous_version = previous;
    if (deployment.creator?.login) change.author = deployment.creator.login;
    lastByEnvironment.set(deployment.environment, version);
    return change;
  });
}

export function githubReleaseChanges(
  repo: string,
  service: string,
  releases: GitHubRelease[],
): ChangeEvent[] {
  const published = releases
    .filter((release) => !release.draft)
    .map((release) => ({ release, at: githubSeconds(release.published_at ?? release.created_at) }))
    .sort((a, b) => a.at - b.at);
  return published.map(({ release, at }, i) => {
    const title =
      release.name && release.name !== release.tag_name
        ? `${release.tag_name} (${release.name})`
        : release.tag_name;
    const change: ChangeEvent = {
      timestamp: at,
      service,
      kind: 'deploy',
      version: release.tag_name,
      description: `${release.prerelease ? 'pre-release' : 'release'} ${title}`,
      id: `github:${repo}:release:${release.id}`,
    };
    if (i > 0) change.previous_version = published[i - 1].release.tag_name;
    if (release.author?.login) change.author = release.author.login;
    return change;
  });
}
