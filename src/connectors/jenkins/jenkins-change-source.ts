/**
 * ChangeSource over Jenkins: the builds of each configured deploy job
 * (`GET /job/{name}/api/json?tree=builds[...]{m,n}`, newest first, page by page until a
 * build started before the query range), with HTTP basic auth (user + API token).
 */
import type { Outcome } from '../../core/outcome.js';
import type { ChangeQuery, ChangeSource, QueryContext } from '../../core/ports.js';
import type { ChangeEvent } from '../../core/telemetry.js';
import { describeChangeQuery, selectChanges } from '../../intake/changes/select-changes.js';
import { HttpClient } from '../http/http-client.js';
import { httpOutcome } from '../http/to-outcome.js';
import { BUILD_TREE, type JenkinsBuild, jenkinsBuildChanges, parseJenkinsJob } from './jenkins-builds.js';
import { type JenkinsOptions, jenkinsJobPath, jenkinsServiceName } from './jenkins-options.js';

export class JenkinsChangeSource implements ChangeSource {
  readonly id: string;
  private readonly http: HttpClient;

  constructor(
    private readonly options: JenkinsOptions,
    dependencies: { fetch?: typeof fetch } = {},
    id = 'jenkins-changes',
  ) {
    this.id = id;
    this.http = new HttpClient({
      baseUrl: options.url,
      auth: options.username
        ? { kind: 'basic', username: options.username, password: options.api_token ?? '' }
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
      for (const job of this.options.jobs) {
        const service = jenkinsServiceName(this.options, job);
        if (wanted && !wanted.has(service)) continue;
        const builds = await this.builds(job, query.range.start, ctx.signal);
        all.push(
          ...jenkinsBuildChanges(job, service, builds, {
            results: this.options.results,
            versionParameter: this.options.version_parameter,
          }),
        );
      }
      return selectChanges(all, query);
    });
    // Jenkins answered: no deploy build in the window is a fact, not missing data.
    return outcome.kind === 'no_data' ? { kind: 'ok', data: [], source } : outcome;
  }

  /** Newest builds first, until one started before `start` (one more deploy gives the previous version). */
  private async builds(job: string, start: number, signal: AbortSignal): Promise<JenkinsBuild[]> {
    const size = this.options.page_size;
    const out: JenkinsBuild[] = [];
    for (let page = 0; page < this.options.max_pages; page++) {
      const json = await this.http.getJson(
        `${jenkinsJobPath(job)}/api/json`,
        { tree: `${BUILD_TREE}{${page * size},${(page + 1) * size}}` },
        signal,
      );
      const builds = parseJenkinsJob(json);
      out.push(...builds);
      const oldest = builds[builds.length - 1];
      if (builds.length < size || !oldest || oldest.timestamp / 1000 < start) break;
    }
    return out;
  }
}
