/**
 * ChangeSource over Argo CD: the sync history of the named Applications
 * (`GET /api/v1/applications/{name}`), or of every Application the token may see
 * (`GET /api/v1/applications`), with a bearer token. Argo CD keeps `revisionHistoryLimit`
 * entries per Application (10 by default), so older syncs are not visible.
 */
import type { Outcome } from '../../core/outcome.js';
import type { ChangeQuery, ChangeSource, QueryContext } from '../../core/ports.js';
import type { ChangeEvent } from '../../core/telemetry.js';
import { describeChangeQuery, selectChanges } from '../../intake/changes/select-changes.js';
import { mapWithConcurrency } from '../../util/concurrency.js';
import { HttpClient } from '../http/http-client.js';
import { httpOutcome } from '../http/to-outcome.js';
import {
  type ArgoApplication,
  ArgoApplicationListSchema,
  ArgoApplicationSchema,
  argoHistoryChanges,
  argoServiceName,
  parseArgo,
} from './argocd-history.js';
import type { ArgoCdOptions } from './argocd-options.js';

export class ArgoCdChangeSource implements ChangeSource {
  readonly id: string;
  private readonly http: HttpClient;

  constructor(
    private readonly options: ArgoCdOptions,
    dependencies: { fetch?: typeof fetch } = {},
    id = 'argocd-changes',
  ) {
    this.id = id;
    this.http = new HttpClient({
      baseUrl: options.url,
      auth: options.token ? { kind: 'bearer', token: options.token } : { kind: 'none' },
      timeoutMs: options.timeout_ms,
      retries: options.retries,
      fetch: dependencies.fetch,
    });
  }

  async changes(query: ChangeQuery, ctx: QueryContext): Promise<Outcome<ChangeEvent[]>> {
    const source = { connector: this.id, query: describeChangeQuery(query) };
    const outcome = await httpOutcome(source, async () => {
      const apps = await this.applications(ctx.signal);
      const all = apps.flatMap((app) => argoHistoryChanges(app, argoServiceName(this.options, app)));
      return selectChanges(all, query);
    });
    // Argo CD answered: no sync in the window is a fact, not missing data.
    return outcome.kind === 'no_data' ? { kind: 'ok', data: [], source } : outcome;
  }

  private async applications(signal: AbortSignal): Promise<ArgoApplication[]> {
    const appNamespace = this.options.app_namespace;
    if (this.options.applications.length) {
      return mapWithConcurrency(this.options.applications, this.options.max_concurrency, async (name) => {
        const json = await this.http.getJson(
          `/api/v1/applications/${encodeURIComponent(name)}`,
          { appNamespace },
          signal,
        );
        return parseArgo(ArgoApplicationSchema, json, 'application');
      });
    }
    const json = await this.http.getJson(
      '/api/v1/applications',
      { projects: this.options.projects, selector: this.options.selector, appNamespace },
      signal,
    );
    return parseArgo(ArgoApplicationListSchema, json, 'application list').items ?? [];
  }
}
