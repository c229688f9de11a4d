/**
 * Settings of the GitHub change connector (`agents.deploy` with `backend: github`, or an
 * `integrations.github` entry): which repositories, which afr service each one is, and
 * whether to read deployments, releases or both. `url` is the REST API root: the public
 * API by default, `https://HOST/api/v3` for GitHub Enterprise Server. A fine-grained token
 * needs read access to "Deployments" and "Contents" (for releases).
 */
import { z } from 'zod';

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export const GitHubOptionsSchema = z.object({
  url: z.string().url({ error: 'expected an http(s) URL' }).default('https://api.github.com'),
  token: z.string().min(1).optional(),
  repos: z
    .array(z.string().regex(REPO, { error: 'expected owner/name' }))
    .min(1, { error: 'name at least one repository (owner/name)' }),
  /** `owner/name` → afr service; the repository's name when absent. */
  services: z.record(z.string(), z.string().min(1)).default({}),
  /** Deployment environments to report (e.g. production); every environment when empty. */
  environments: z.array(z.string().min(1)).default([]),
  deployments: z.boolean().default(true),
  releases: z.boolean().default(true),
  /** Pages of 100 read per repository and kind before giving up on reaching the range start. */
  max_pages: z.number().int().positive().max(100).default(10),
  timeout_ms: z.number().positive().default(10_000),
  retries: z.number().int().min(0).max(10).default(2),
});

export type GitHubOptions = z.output<typeof GitHubOptionsSchema>;
export type GitHubOptionsInput = z.input<typeof GitHubOptionsSchema>;

export function githubServiceName(options: Pick<GitHubOptions, 'services'>, repo: string): string {
  return options.services[repo] ?? repo.slice(repo.indexOf('/') + 1);
}
