/**
 * Settings of the GitLab change connector (`agents.deploy` with `backend: gitlab`, or an
 * `integrations.gitlab` entry): the instance, a token with `read_api`, the projects (numeric
 * id or `group/project` path) and which afr service each is.
 */
import { z } from 'zod';

export const GITLAB_DEPLOYMENT_STATUSES = [
  'created',
  'running',
  'success',
  'failed',
  'canceled',
  'blocked',
] as const;

export const GitLabOptionsSchema = z.object({
  /** The instance root, e.g. https://gitlab.example.com (the API is under /api/v4). */
  url: z.string().url({ error: 'expected an http(s) URL' }).default('https://gitlab.com'),
  /** Sent as PRIVATE-TOKEN (personal, project or group access token). */
  token: z.string().min(1).optional(),
  projects: z
    .array(z.union([z.string().min(1), z.number().int().positive()]).transform(String))
    .min(1, { error: 'name at least one project (id or group/project path)' }),
  /** Project id or path → afr service; the path's last segment (or the id) when absent. */
  services: z.record(z.string(), z.string().min(1)).default({}),
  /** Only this environment (the API's `environment` filter); every environment when absent. */
  environment: z.string().min(1).optional(),
  /** Deployment statuses that count as changes. */
  statuses: z.array(z.enum(GITLAB_DEPLOYMENT_STATUSES)).min(1).default(['success', 'running']),
  max_pages: z.number().int().positive().max(100).default(10),
  timeout_ms: z.number().positive().default(10_000),
  retries: z.number().int().min(0).max(10).default(2),
});

export type GitLabOptions = z.output<typeof GitLabOptionsSchema>;
export type GitLabOptionsInput = z.input<typeof GitLabOptionsSchema>;

export function gitlabServiceName(options: Pick<GitLabOptions, 'services'>, project: string): string {
  return options.services[project] ?? project.slice(project.lastIndexOf('/') + 1);
}
