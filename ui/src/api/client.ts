/**
 * A small client for the afr HTTP API: adds the bearer token, turns a 401 into
 * UnauthorizedError (the app then shows the login screen) and any other failure into
 * ApiError with the server's message.
 */
import type {
  AuditEntry,
  HealthReport,
  IncidentDetail,
  IncidentList,
  IncidentRecord,
  Insights,
  Me,
  Strategy,
} from './types.js';

export const API_BASE = './api/v1';
/** The largest `limit` GET /api/v1/incidents accepts. */
export const MAX_API_PAGE = 500;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class UnauthorizedError extends ApiError {
  constructor(message = 'the API token was refused') {
    super(401, message);
    this.name = 'UnauthorizedError';
  }
}

export interface IncidentQuery {
  state?: string;
  service?: string;
  severity?: string;
  limit?: number;
  offset?: number;
}

/** Builds `?a=1&b=2` from the defined, non-empty values (empty string when none). */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The error message of a failed response: the JSON `message`/`error` field, else the text. */
async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    if (typeof body.message === 'string') return body.message;
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: use the text
  }
  return text || `${response.status} ${response.statusText}`;
}

export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly base = API_BASE,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token}`,
      Accept: 'application/json',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await this.fetchImpl(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) throw new UnauthorizedError(await errorMessage(response));
    if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
    return (await response.json()) as T;
  }

  me(): Promise<Me> {
    return this.request('GET', '/me');
  }

  /** One page of incidents; a limit above the API's largest page is fetched as several requests at once. */
  async incidents(query: IncidentQuery = {}): Promise<IncidentList> {
    const { limit, offset = 0 } = query;
    if (limit === undefined || limit <= MAX_API_PAGE) {
      return this.request('GET', `/incidents${queryString({ ...query })}`);
    }
    const starts: number[] = [];
    for (let start = offset; start < offset + limit; start += MAX_API_PAGE) starts.push(start);
    const pages = await Promise.all(
      starts.map((start) =>
        this.request<IncidentList>(
          'GET',
          `/incidents${queryString({ ...query, offset: start, limit: Math.min(MAX_API_PAGE, offset + limit - start) })}`,
        ),
      ),
    );
    return { incidents: pages.flatMap((p) => p.incidents), total: pages[0].total };
  }

  incident(id: string): Promise<IncidentDetail> {
    return this.request('GET', `/incidents/${encodeURIComponent(id)}`);
  }

  audit(id: string): Promise<{ entries: AuditEntry[] }> {
    return this.request('GET', `/incidents/${encodeURIComponent(id)}/audit`);
  }

  approve(id: string, comment?: string): Promise<{ incident: IncidentRecord }> {
    return this.request('POST', `/incidents/${encodeURIComponent(id)}/approve`, comment ? { comment } : {});
  }

  reject(id: string, reason: string): Promise<{ incident: IncidentRecord }> {
    return this.request('POST', `/incidents/${encodeURIComponent(id)}/reject`, { reason });
  }

  override(
    id: string,
    override: { strategy: Strategy; target: string; comment?: string },
  ): Promise<{ incident: IncidentRecord }> {
    return this.request('POST', `/incidents/${encodeURIComponent(id)}/override`, override);
  }

  insights(): Promise<Insights> {
    return this.request('GET', '/insights');
  }

  connectorHealth(): Promise<HealthReport> {
    return this.request('GET', '/health/connectors');
  }

  /** Where the postmortem report of an incident is; the browser follows the link itself. */
  reportUrl(id: string, format: 'md' | 'html'): string {
    return `${this.base}/incidents/${encodeURIComponent(id)}/report${queryString({ format })}`;
  }

  /** The postmortem report; fetched with the token, since a plain link cannot carry it. */
  async report(id: string, format: 'md' | 'html'): Promise<Blob> {
    const response = await this.fetchImpl(this.reportUrl(id, format), {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    if (response.status === 401) throw new UnauthorizedError(await errorMessage(response));
    if (!response.ok) throw new ApiError(response.status, await errorMessage(response));
    return response.blob();
  }

  /** The live event stream; EventSource cannot send headers, so the token goes in the query. */
  eventsUrl(): string {
    return `${this.base}/events${queryString({ token: this.token })}`;
  }
}
