/**
 * The bearer token for Azure Resource Manager: the configured `token`, else the
 * environment variable `token_env` (read at each call, so an outside refresher can rotate
 * it), else — with `managed_identity.enabled` — one from the managed identity endpoint
 * (Azure Instance Metadata Service: GET with `Metadata: true`, resource
 * https://management.azure.com/), cached until five minutes before it expires.
 */
import { HttpClient } from '../../connectors/http/index.js';
import { ActuationRefused } from '../shared/actuation-refused.js';
import type { ContainerAppsOptions } from './container-apps-options.js';

const REFRESH_MARGIN_S = 300;

export type TokenOptions = Pick<ContainerAppsOptions, 'token' | 'token_env' | 'managed_identity'>;

export class ArmToken {
  private cached?: { token: string; expiresAt: number };
  private readonly identity?: HttpClient;
  private readonly identityPath: string;

  constructor(
    private readonly options: TokenOptions,
    private readonly env: Record<string, string | undefined> = process.env,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {
    const endpoint = new URL(options.managed_identity.endpoint);
    this.identityPath = endpoint.pathname;
    if (options.managed_identity.enabled) {
      this.identity = new HttpClient({
        baseUrl: endpoint.origin,
        headers: { Metadata: 'true' },
        timeoutMs: 5_000,
        retries: 2,
      });
    }
  }

  async get(signal: AbortSignal): Promise<string> {
    if (this.options.token) return this.options.token;
    const fromEnv = this.env[this.options.token_env];
    if (fromEnv) return fromEnv;
    if (!this.identity) {
      throw new ActuationRefused(
        `no Azure token: set token, the ${this.options.token_env} environment variable, or managed_identity.enabled`,
      );
    }
    if (this.cached && this.cached.expiresAt - REFRESH_MARGIN_S > this.now()) return this.cached.token;
    const answer = await this.identity.getJson<{ access_token?: unknown; expires_on?: unknown }>(
      this.identityPath,
      {
        'api-version': '2018-02-01',
        resource: 'https://management.azure.com/',
        client_id: this.options.managed_identity.client_id,
      },
      signal,
    );
    const token = answer.access_token;
    const expiresOn = Number(answer.expires_on);
    if (typeof token !== 'string' || !token || !Number.isFinite(expiresOn)) {
      throw new ActuationRefused(
        'the managed identity endpoint answered without access_token and expires_on',
      );
    }
    this.cached = { token, expiresAt: expiresOn };
    return token;
  }
}
