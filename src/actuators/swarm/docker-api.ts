/**
 * The Docker Engine API calls the Swarm actuator makes, through the shared HTTP client:
 * read a service (GET /services/{id}) and update it (POST /services/{id}/update with the
 * `version` the update is based on, and `rollback=previous` for a server-side rollback),
 * under an optional `/v<api_version>` prefix. Reads are retried on transient failures;
 * updates never are. Docker answers errors as `{"message": "..."}`, reported word for word.
 */
import { HttpClient } from '../../connectors/http/http-client.js';
import type { HttpError } from '../../connectors/http/http-error.js';
import { type ApiCall, type PlannedRequest, plannedCall } from '../webhook/planned-request.js';
import { parseService, redactedSpec, type ServiceSpec, type SwarmService } from './swarm-service.js';

export interface DockerApiOptions {
  url: string;
  apiVersion?: string;
  headers: Record<string, string>;
  timeoutMs: number;
  retries: number;
  fetch?: typeof fetch;
}

export class DockerApi {
  private readonly reads: HttpClient;
  private readonly writes: HttpClient;
  private readonly prefix: string;

  constructor(private readonly options: DockerApiOptions) {
    const common = {
      baseUrl: options.url,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
      headers: options.headers,
    };
    this.reads = new HttpClient({ ...common, retries: options.retries });
    this.writes = new HttpClient({ ...common, retries: 0 });
    this.prefix = options.apiVersion ? `/v${options.apiVersion}` : '';
  }

  async service(id: string, signal: AbortSignal): Promise<SwarmService> {
    return parseService(await this.reads.getJson(this.servicePath(id), undefined, signal), id);
  }

  /** The update of a service from the version read, with this spec (ignored by Docker on a rollback). */
  updateCall(service: SwarmService, spec: ServiceSpec, rollback = false): ApiCall {
    return {
      method: 'POST',
      path: `${this.servicePath(service.ID)}/update`,
      query: { version: service.Version.Index, ...(rollback ? { rollback: 'previous' } : {}) },
      body: spec,
    };
  }

  /** Sends an update; returns Docker's warnings. */
  async send(call: ApiCall, signal: AbortSignal): Promise<string[]> {
    const response = await this.writes.request(
      { method: call.method, path: call.path, query: call.query, body: call.body },
      signal,
    );
    // The update is made once Docker answers 2xx: an unreadable answer must not turn it into a failure.
    let answer: { Warnings?: unknown } | null = null;
    try {
      answer = JSON.parse(response.text) as { Warnings?: unknown } | null;
    } catch {
      answer = null;
    }
    return Array.isArray(answer?.Warnings)
      ? answer.Warnings.filter((w): w is string => typeof w === 'string')
      : [];
  }

  /** The exact request, for previews and receipts; environment values in the spec hidden. */
  planned(call: ApiCall): PlannedRequest {
    const shown = call.body ? { ...call, body: redactedSpec(call.body as ServiceSpec) } : call;
    return plannedCall(this.writes, shown, this.options.headers);
  }

  private servicePath(id: string): string {
    return `${this.prefix}/services/${encodeURIComponent(id)}`;
  }
}

/** Docker's own `message` when it sent one. */
export function dockerMessage(error: HttpError): string {
  try {
    const body = JSON.parse(error.body) as { message?: unknown };
    if (typeof body?.message === 'string') {
      const where = /^HTTP \d+ from (\S+ \S+):/.exec(error.message)?.[1];
      return `Docker Engine HTTP ${error.status}${where ? ` from ${where}` : ''}: ${body.message}`;
    }
  } catch {
    // not JSON
  }
  return `Docker Engine ${error.message}`;
}
