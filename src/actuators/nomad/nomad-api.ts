/**
 * The Nomad HTTP API calls the actuator makes, through the shared HTTP client: every
 * request carries the ACL token (X-Nomad-Token) and the configured `namespace` and
 * `region` query parameters. Reads are retried on transient failures; writes never are.
 * Nomad answers errors with a plain-text body, which is reported word for word.
 */
import { HttpClient, type QueryValue } from '../../connectors/http/http-client.js';
import { type ApiCall, type PlannedRequest, plannedCall } from '../webhook/planned-request.js';
import {
  type NomadAllocation,
  type NomadJob,
  parseAllocations,
  parseJob,
  parseVersions,
} from './nomad-job.js';

export interface NomadScope {
  namespace?: string;
  region?: string;
}

export interface NomadApiOptions extends NomadScope {
  url: string;
  token?: string;
  timeoutMs: number;
  retries: number;
  fetch?: typeof fetch;
}

export class NomadApi {
  private readonly reads: HttpClient;
  private readonly writes: HttpClient;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: NomadApiOptions) {
    this.headers = options.token ? { 'x-nomad-token': options.token } : {};
    const common = {
      baseUrl: options.url,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
      headers: this.headers,
    };
    this.reads = new HttpClient({ ...common, retries: options.retries });
    this.writes = new HttpClient({ ...common, retries: 0 });
  }

  async job(jobId: string, scope: NomadScope, signal: AbortSignal): Promise<NomadJob> {
    return parseJob(await this.reads.getJson(jobPath(jobId), query(scope), signal), `job ${jobId}`);
  }

  async versions(jobId: string, scope: NomadScope, signal: AbortSignal): Promise<NomadJob[]> {
    return parseVersions(await this.reads.getJson(`${jobPath(jobId)}/versions`, query(scope), signal));
  }

  async allocations(jobId: string, scope: NomadScope, signal: AbortSignal): Promise<NomadAllocation[]> {
    return parseAllocations(await this.reads.getJson(`${jobPath(jobId)}/allocations`, query(scope), signal));
  }

  /** Sends a write and returns Nomad's JSON answer. */
  async send(call: ApiCall, signal: AbortSignal): Promise<Record<string, unknown>> {
    const response = await this.writes.request(
      { method: call.method, path: call.path, query: call.query, body: call.body },
      signal,
    );
    // The change is made once Nomad answers 2xx: an unreadable answer must not turn it into a failure.
    try {
      const answer = JSON.parse(response.text) as unknown;
      return answer && typeof answer === 'object' ? (answer as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  /** The exact request a write is, for previews and receipts (the token masked). */
  planned(call: ApiCall): PlannedRequest {
    return plannedCall(this.writes, call, this.headers);
  }

  scope(): NomadScope {
    return { namespace: this.options.namespace, region: this.options.region };
  }
}

export function jobPath(jobId: string): string {
  return `/v1/job/${encodeURIComponent(jobId)}`;
}

export function query(scope: NomadScope): Record<string, QueryValue> {
  return { namespace: scope.namespace, region: scope.region };
}
