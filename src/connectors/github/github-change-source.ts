/**
 * ChangeSource over GitHub: the deployments and releases of each configured repository
 * (`GET /repos/{owner}/{repo}/deployments` and `/releases`), read newest first until the
 * query's start is passed.
 */
import type { Outcome } from '../../core/outcome.js';
import type { ChangeQuery, ChangeSource, QueryContext } from '../../core/ports.js';
import type { ChangeEvent } from '../../core/telemetry.js';
import { describeChangeQuery, selectChanges } from '../../intake/changes/select-changes.js';
import { HttpClient } from '../http/http-client.js';
import { httpOutcome } from '../http/to-outcome.js';
import {
  GitHubDeploymentSchema,
  GitHubReleaseSchema,
  githubDeploymentChanges,
  githubReleaseChanges,
  githubSeconds,
  parseGitHubList,
} from './github-changes.js';
import { type GitHubOptions, githubServiceName } from './github-options.js';
import { readPages } from './github-pages.js';

export class GitHubChangeSource implements ChangeSource {
  readonly id: string;
  private readonly http: HttpClient;

  constructor(
    private readonly options: GitHubOptions,
    dependencies: { fetch?: typeof fetch } = {},
    id = 'github-changes',
  ) {
    this.id = id;
    this.http = new HttpClient({
      baseUrl: options.url,
      auth: options.token ? { kind: 'bearer', token: options.token } : { kind: 'none' },
      headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
      timeoutMs: options.timeout_ms,
      retries: options.retries,
      fetch: dependencies.fetch,
    });
  }

  async changes(query: ChangeQuery, ctx: QueryContext): Promise<Outcome<ChangeEvent[]>> {
    const source = { connector: this.id, query: describeChangeQuery(query) };
    const outcome = await httpOutcome(source, async () => {
      const wanted = query.services ? new Set(query.services) : undefined;
      const repos = this.options.repos.filter(
        (repo) => !wanted || wanted.has(githubServiceName(this.options, repo)),
      );
      const all: ChangeEvent[] = [];
      for (const repo of repos) all.push(...(await this.repoChanges(repo, query, ctx.signal)));
      return selectChanges(all, query);
    });
    // GitHub answered: no change in the window is a fact, not missing data.
    return outcome.kind === 'no_data' ? { kind: 'ok', data: [], source } : outcome;
  }

  private async repoChanges(repo: string, query: ChangeQuery, signal: AbortSignal): Promise<ChangeEvent[]> {
    const service = githubServiceName(this.options, repo);
    const olderThanWanted = (createdAt: string) => githubSeconds(createdAt) < query.range.start;
    const out: ChangeEvent[] = [];
    if (this.options.deployments) {
      const environments = this.options.environments;
      const deployments = await readPages(
        this.http,
        {
          firstPath: `/repos/${repo}/deployments`,
          query: { per_page: 100, environment: environments.length === 1 ? environments[0] : undefined },
          parse: (json) => parseGitHubList(GitHubDeploymentSchema, json, 'deployments'),
          olderThanWanted: (d) => olderThanWanted(d.created_at),
          maxPages: this.options.max_pages,
        },
        signal,
      );
      const kept = environments.length
        ? deployments.filter((d) => environments.includes(d.environment))
        : deployments;
      out.push(...githubDeploymentChanges(repo, service, kept));
    }
    if (this.options.releases) {
      const releases = await readPages(
        this.http,
        {
          firstPath: `/repos/${repo}/releases`,
          query: { per_page: 100 },
          parse: (json) => parseGitHubList(GitHubReleaseSchema, json, 'releases'),
          olderThanWanted: (r) => olderThanWanted(r.created_at),
          maxPages: this.options.max_pages,
        },
        signal,
      );
      out.push(...githubReleaseChanges(repo, service, releases));
    }
    return out;
  }
}
