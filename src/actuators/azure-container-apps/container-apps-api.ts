/**
 * The Azure Resource Manager calls of the Container Apps actuator, over the shared
 * HttpClient (timeouts, a response byte cap; reads retried on 429/5xx, writes never):
 * ContainerApps_Get,
 * ContainerAppsRevisions_ListRevisions (following `nextLink`), ContainerApps_Update (a
 * JSON merge PATCH of `properties.configuration.ingress.traffic`) and
 * ContainerAppsRevisions_Activate/Deactivate (POST .../revisions/{name}/activate). A 202
 * Accepted is a long-running operation: its `Azure-AsyncOperation` (else `Location`) URL is
 * polled until it ends, but only when it lies under `base_url`, so the token never leaves
 * the configured endpoint. ARM errors (`{"error": {"code", "message"}}`) are reported by
 * code and message.
 */
import { HttpClient, HttpError, type HttpResponse } from '../../connectors/http/index.js';
import { delay } from '../../connectors/http/retry.js';
import { isObject, type JsonObject } from '../kubernetes/json-diff.js';
import type { ArmToken } from './arm-token.js';
import type { ContainerAppsOptions } from './container-apps-options.js';

export interface AppRef {
  resourceGroup: string;
  name: string;
}

export interface TrafficWeight {
  revisionName?: string;
  latestRevision?: boolean;
  weight?: number;
  label?: string;
}

export class ArmError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ArmError';
  }
}

type ApiOptions = Pick<
  ContainerAppsOptions,
  'base_url' | 'api_version' | 'subscription_id' | 'timeout_ms' | 'retries' | 'poll_interval_ms'
>;

export class ContainerAppsApi {
  private readonly reads: HttpClient;
  private readonly writes: HttpClient;

  constructor(
    private readonly options: ApiOptions,
    private readonly token: ArmToken,
  ) {
    const common = {
      baseUrl: options.base_url,
      timeoutMs: options.timeout_ms,
      maxResponseBytes: 8 * 1024 * 1024,
    };
    this.reads = new HttpClient({ ...common, retries: options.retries });
    this.writes = new HttpClient({ ...common, retries: 0 });
  }

  async app(app: AppRef, signal: AbortSignal): Promise<JsonObject> {
    return (await this.send('GET', this.appPath(app), undefined, signal)).json<JsonObject>();
  }

  /** Every revision of the app, across `nextLink` pages. */
  async revisions(app: AppRef, signal: AbortSignal): Promise<JsonObject[]> {
    const all: JsonObject[] = [];
    let path: string | undefined = `${this.appPath(app)}/revisions`;
    let query = true;
    while (path) {
      const page: JsonObject = (await this.send('GET', path, undefined, signal, query)).json<JsonObject>();
      const value = Array.isArray(page.value) ? page.value.filter(isObject) : [];
      all.push(...value);
      const next: string | undefined =
        typeof page.nextLink === 'string' && page.nextLink ? page.nextLink : undefined;
      path = next ? this.underBase(next, 'nextLink') : undefined;
      query = false;
    }
    return all;
  }

  /** PATCHes the ingress traffic weights; returns a line about a long-running operation, if any. */
  async setTraffic(app: AppRef, traffic: TrafficWeight[], signal: AbortSignal): Promise<string[]> {
    const body = { properties: { configuration: { ingress: { traffic } } } };
    const response = await this.send('PATCH', this.appPath(app), body, signal);
    return this.settle(response, signal);
  }

  async revisionAction(
    app: AppRef,
    revision: string,
    action: 'activate' | 'deactivate',
    signal: AbortSignal,
  ): Promise<void> {
    const path = `${this.appPath(app)}/revisions/${encodeURIComponent(revision)}/${action}`;
    await this.send('POST', path, undefined, signal);
  }

  private appPath(app: AppRef): string {
    const sub = encodeURIComponent(this.options.subscription_id);
    const group = encodeURIComponent(app.resourceGroup);
    return `/subscriptions/${sub}/resourceGroups/${group}/providers/Microsoft.App/containerApps/${encodeURIComponent(app.name)}`;
  }

  /** Waits for a 202's operation to end; 200/201/204 are already done. */
  private async settle(response: HttpResponse, signal: AbortSignal): Promise<string[]> {
    if (response.status !== 202) return [];
    const asyncUrl = response.headers.get('azure-asyncoperation');
    const location = response.headers.get('location');
    const url = asyncUrl ?? location;
    if (!url) return ['ARM accepted the change (202) and gave no operation to follow'];
    const path = this.underBase(url, asyncUrl ? 'Azure-AsyncOperation' : 'Location');
    for (;;) {
      await delay(this.options.poll_interval_ms, signal);
      const poll = await this.send('GET', path, undefined, signal, false);
      if (asyncUrl) {
        const status = String(poll.json<JsonObject>().status ?? '');
        if (status === 'Succeeded') return ['the long-running operation succeeded'];
        if (status === 'Failed' || status === 'Canceled') {
          const error = poll.json<JsonObject>().error;
          throw new ArmError(
            `the ARM operation ended ${status}: ${armMessage(error) ?? 'no detail'}`,
            0,
            false,
          );
        }
      } else if (poll.status !== 202) {
        return ['the long-running operation completed'];
      }
    }
  }

  /** The path of an absolute ARM URL under base_url; refused otherwise. */
  private underBase(url: string, what: string): string {
    const base = new URL(this.options.base_url);
    const target = new URL(url, base);
    if (target.origin !== base.origin) {
      throw new ArmError(
        `ARM returned a ${what} URL outside base_url (${target.origin}); not followed`,
        0,
        false,
      );
    }
    return `${target.pathname}${target.search}`;
  }

  private async send(
    method: 'GET' | 'PATCH' | 'POST',
    path: string,
    body: unknown,
    signal: AbortSignal,
    withVersion = true,
  ): Promise<HttpResponse> {
    const token = await this.token.get(signal);
    try {
      return await (method === 'GET' ? this.reads : this.writes).request(
        {
          method,
          path,
          ...(withVersion && !path.includes('api-version=')
            ? { query: { 'api-version': this.options.api_version } }
            : {}),
          ...(body !== undefined ? { body } : {}),
          headers: { authorization: `Bearer ${token}` },
        },
        signal,
      );
    } catch (error) {
      if (error instanceof HttpError && error.status > 0) {
        const detail = armMessage(parse(error.body)?.error) ?? error.message;
        throw new ArmError(
          `Azure Resource Manager ${error.status}: ${detail}`,
          error.status,
          error.retryable,
        );
      }
      throw error;
    }
  }
}

function parse(text: string): JsonObject | undefined {
  try {
    const value = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function armMessage(error: unknown): string | undefined {
  if (!isObject(error)) return undefined;
  const code = typeof error.code === 'string' ? error.code : undefined;
  const message = typeof error.message === 'string' ? error.message : undefined;
  return code || message ? [code, message].filter(Boolean).join(': ') : undefined;
}
