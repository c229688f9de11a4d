/**
 * Settings of the Argo CD change connector (`agents.deploy` with `backend: argocd`, or an
 * `integrations.argocd` entry): the API server, a bearer token (an account or project
 * token with `applications, get`), which Applications (all visible ones when none are
 * named) and which afr service each one is.
 */
import { z } from 'zod';

export const ArgoCdOptionsSchema = z.object({
  url: z.string().url({ error: 'expected an http(s) URL' }),
  token: z.string().min(1).optional(),
  /** Application names to read; every Application the token can see when empty. */
  applications: z.array(z.string().min(1)).default([]),
  /** Only Applications of these projects (when listing). */
  projects: z.array(z.string().min(1)).default([]),
  /** A label selector for the listing, e.g. `team=payments`. */
  selector: z.string().min(1).optional(),
  /** The namespace the Applications live in, when not Argo CD's own (apps-in-any-namespace). */
  app_namespace: z.string().min(1).optional(),
  /** Application name → afr service; wins over the label. */
  services: z.record(z.string(), z.string().min(1)).default({}),
  /** An Application label naming the afr service; the Application's name when absent. */
  service_label: z.string().min(1).optional(),
  /** Applications fetched at once when they are named. */
  max_concurrency: z.number().int().positive().default(4),
  timeout_ms: z.number().positive().default(10_000),
  retries: z.number().int().min(0).max(10).default(2),
});

export type ArgoCdOptions = z.output<typeof ArgoCdOptionsSchema>;
export type ArgoCdOptionsInput = z.input<typeof ArgoCdOptionsSchema>;
