/**
 * ChangeSource over GitLab: each project's deployments updated inside the query range
 * (`GET /api/v4/projects/:id/deployments`, ordered by `updated_at`, 100 per page, following
 * `X-Next-Page`), plus the last successful ones before it (for the previous version),
 * authenticated with `PRIVATE-TOKEN`.
 */
import type { Outcome } from '../../core/outcome.js';
import type { ChangeQuery, ChangeSource, QueryContext } from '../../core/ports.js';
import type { ChangeEvent } from '../../core/telemetry.js';
import { toIso } from '../../core/time.js';
import { describeChangeQuery, selectChanges } from '../../intake/changes/select-changes.js';
import { HttpClient } from '../http/http-client.js';
import { httpOutcome } from '../http/to-outcome.js';
import {
  type GitLabDeployment,
  gitlabDeploymentChanges,
  parseGitLabDeployments,
} from './gitlab-deployments.js';
import { type GitLabOptions, gitlabServiceName } from './gitlab-options.js';

export class GitLabChangeSource implements ChangeSource {
  readonly id: string;
  private readonly http: HttpClient;

  constructor(
    private readonly options: GitLabOptions,
    dependencies: { fetch?: typeof fetch } = {},
    id = 'gitlab-changes',
  ) {
    this.id = id;
    this.http = new HttpClient({
      baseUrl: options.url,
      auth: options.token
        ? { kind: 'header', name: 'PRIVATE-TOKEN', value: options.token }
        : { kind: 'none' },
      timeoutMs: options.timeout_ms,
      retries: options.retries,
      fetch: dependencies.fetch,
    });
  }

  async changes(query: ChangeQuery, ctx: QueryContext): Promise<Outcome<ChangeEvent[]>> {
    const source = { connector: this.id, query: describeChangeQuery(query) };
    const outcome = await httpOutcome(source, async () => {
      const wanted = query.services ? new Set(query.services) : undefined;
      const all: ChangeEvent[] = [];
      for (const project of this.options.projects) {
        const service = gitlabServiceName(this.options, project);
        if (wanted && !wanted.has(service)) continue;
        const [earlier, deployments] = await Promise.all([
          this.lastSuccessesBefore(project, query.range.start, ctx.signal),
          this.deployments(project, query, ctx.signal),
        ]);
        // The earlier ones only supply previous versions; selectChanges drops them.
        all.push(
          ...gitlabDeploymentChanges(project, service, [...earlier, ...deployments], this.options.statuses),
        );
      }
      return selectChanges(all, query);
    });
    // GitLab answered: no deployment in the window is a fact, not missing data.
    return outcome.kind === 'no_data' ? { kind: 'ok', data: [], source } : outcome;
  }

  /** The latest successful deployments before `start` (a few, to cover each environment). */
  private async lastSuccessesBefore(
    project: string,
    start: number,
    signal: AbortSignal,
  ): Promise<GitLabDeployment[]> {
    const response = await this.http.request(
      {
        path: this.deploymentsPath(project),
        query: {
          updated_before: toIso(start),
          order_by: 'updated_at',
          sort: 'desc',
          status: 'success',
          per_page: 20,
          environment: this.options.environment,
        },
      },
      signal,
    );
    return parseGitLabDeployments(response.json());
  }

  private deploymentsPath(project: string): string {
    return `/api/v4/projects/${encodeURIComponent(project)}/deployments`;
  }

  private async deployments(
    project: string,
    query: ChangeQuery,
    signal: AbortSignal,
  ): Promise<GitLabDeployment[]> {
    const statuses = this.options.statuses;
    const out: GitLabDeployment[] = [];
    let page: string | undefined = '1';
    for (let read = 0; page && read < this.options.max_pages; read++) {
      const response = await this.http.request(
        {
          path: this.deploymentsPath(project),
          query: {
            updated_after: toIso(query.range.start),
            updated_before: toIso(query.range.end),
            order_by: 'updated_at',
            sort: 'asc',
            per_page: 100,
            page,
            environment: this.options.environment,
            status: statuses.length === 1 ? statuses[0] : undefined,
          },
        },
        signal,
      );
      out.push(...parseGitLabDeployments(response.json()));
      page = response.headers.get('x-next-page')?.trim() || undefined;
    }
    return out;
  }
}
