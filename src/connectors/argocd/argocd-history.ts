/**
 * An Argo CD Application's sync history (`status.history`, RevisionHistory entries) as
 * ChangeEvents: each entry is a deploy at `deployedAt` of `revision` (a commit, shortened
 * to 12 characters, or a Helm chart version; `revisions` for multi-source apps), with the
 * entry before it as the previous version and the initiator as author.
 */
import { z } from 'zod';
import type { ChangeEvent } from '../../core/telemetry.js';
import type { ArgoCdOptions } from './argocd-options.js';

const SourceSchema = z.object({
  repoURL: z.string().optional(),
  path: z.string().optional(),
  chart: z.string().optional(),
  targetRevision: z.string().optional(),
});

const HistorySchema = z.object({
  id: z.number(),
  revision: z.string().optional(),
  revisions: z.array(z.string()).optional(),
  deployedAt: z.string(),
  deployStartedAt: z.string().optional(),
  source: SourceSchema.optional(),
  sources: z.array(SourceSchema).optional(),
  initiatedBy: z.object({ username: z.string().optional(), automated: z.boolean().optional() }).optional(),
});

export const ArgoApplicationSchema = z.object({
  metadata: z.object({
    name: z.string(),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  status: z.object({ history: z.array(HistorySchema).nullish() }).optional(),
});
export type ArgoApplication = z.output<typeof ArgoApplicationSchema>;

export const ArgoApplicationListSchema = z.object({ items: z.array(ArgoApplicationSchema).nullish() });

export function parseArgo<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new Error(`unexpected Argo CD ${what} payload: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function argoServiceName(
  options: Pick<ArgoCdOptions, 'services' | 'service_label'>,
  app: ArgoApplication,
): string {
  const name = app.metadata.name;
  const label = options.service_label ? app.metadata.labels?.[options.service_label] : undefined;
  return options.services[name] ?? label ?? name;
}

const GIT_SHA = /^[0-9a-f]{40}$/;

function shortRevision(revision: string): string {
  return GIT_SHA.test(revision) ? revision.slice(0, 12) : revision;
}

type History = z.output<typeof HistorySchema>;

function versionOf(entry: History): string | undefined {
  if (entry.revision) return shortRevision(entry.revision);
  if (entry.revisions?.length) return entry.revisions.map(shortRevision).join(', ');
  return undefined;
}

function whatWasSynced(entry: History): string {
  const sources = entry.source ? [entry.source] : (entry.sources ?? []);
  const parts = sources.map((s) => {
    const where = s.chart
      ? `${s.repoURL ?? ''} chart ${s.chart}`
      : [s.repoURL, s.path].filter(Boolean).join(' ');
    return s.targetRevision ? `${where}@${s.targetRevision}` : where;
  });
  return parts.filter(Boolean).join(' + ');
}

export function argoHistoryChanges(app: ArgoApplication, service: string): ChangeEvent[] {
  const entries = [...(app.status?.history ?? [])].sort((a, b) => a.id - b.id);
  return entries.map((entry, i) => {
    const synced = whatWasSynced(entry);
    const change: ChangeEvent = {
      timestamp: Date.parse(entry.deployedAt) / 1000,
      service,
      kind: 'deploy',
      description: synced
        ? `Argo CD sync of ${app.metadata.name}: ${synced}`
        : `Argo CD sync of ${app.metadata.name}`,
      id: `argocd:${app.metadata.namespace ? `${app.metadata.namespace}/` : ''}${app.metadata.name}:${entry.id}`,
    };
    const version = versionOf(entry);
    if (version !== undefined) change.version = version;
    const previous = i > 0 ? versionOf(entries[i - 1]) : undefined;
    if (previous !== undefined) change.previous_version = previous;
    const by = entry.initiatedBy;
    if (by?.username) change.author = by.username;
    else if (by?.automated) change.author = 'automated sync';
    return change;
  });
}
