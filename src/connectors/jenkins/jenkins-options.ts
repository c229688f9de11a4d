/**
 * Settings of the Jenkins change connector (`agents.deploy` with `backend: jenkins`, or an
 * `integrations.jenkins` entry): the controller, a user and API token (HTTP basic auth),
 * the deploy jobs (`deploy-api`, or `folder/sub/deploy-api` for jobs in folders) and which
 * afr service each job deploys. A successful build of a deploy job is a deploy.
 */
import { z } from 'zod';

export const JENKINS_RESULTS = ['SUCCESS', 'UNSTABLE', 'FAILURE', 'ABORTED', 'NOT_BUILT'] as const;

export const JenkinsOptionsSchema = z
  .object({
    url: z.string().url({ error: 'expected an http(s) URL' }),
    username: z.string().min(1).optional(),
    /** A user API token (Jenkins: user → Security → API Token). */
    api_token: z.string().min(1).optional(),
    jobs: z
      .array(z.string().regex(/^[^/]+(\/[^/]+)*$/, { error: 'expected a job name or folder/job path' }))
      .min(1, { error: 'name at least one deploy job' }),
    /** Job path → afr service; the job's own name (last path segment) when absent. */
    services: z.record(z.string(), z.string().min(1)).default({}),
    /** A build parameter holding the deployed version (e.g. VERSION, IMAGE_TAG). */
    version_parameter: z.string().min(1).optional(),
    /** Build results that count as a deploy. */
    results: z.array(z.enum(JENKINS_RESULTS)).min(1).default(['SUCCESS']),
    /** Builds fetched per request, and how many such pages at most. */
    page_size: z.number().int().positive().max(500).default(50),
    max_pages: z.number().int().positive().max(50).default(4),
    timeout_ms: z.number().positive().default(10_000),
    retries: z.number().int().min(0).max(10).default(2),
  })
  .superRefine((options, ctx) => {
    if (options.username && !options.api_token) {
      ctx.addIssue({ code: 'custom', path: ['api_token'], message: 'required with username' });
    }
  });

export type JenkinsOptions = z.output<typeof JenkinsOptionsSchema>;
export type JenkinsOptionsInput = z.input<typeof JenkinsOptionsSchema>;

export function jenkinsServiceName(options: Pick<JenkinsOptions, 'services'>, job: string): string {
  return options.services[job] ?? job.slice(job.lastIndexOf('/') + 1);
}

/** `folder/sub/deploy` → `/job/folder/job/sub/job/deploy`. */
export function jenkinsJobPath(job: string): string {
  return job
    .split('/')
    .map((segment) => `/job/${encodeURIComponent(segment)}`)
    .join('');
}
