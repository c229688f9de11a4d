/** Everything the HTTP routes need, built once by `startAfrServer`. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommanderAgent } from '../agents/commander.js';
import type { MetricsSource } from '../core/index.js';
import type { WebhookSource } from '../intake/alerts/types.js';
import type { WebhookChangeSource } from '../intake/changes/index.js';
import type { Coordination } from '../store/coordination/coordination.js';
import type { Store } from '../store/store.js';
import { bearerToken, type Principal, type Role, roleAtLeast, type TokenAuthority } from './auth.js';
import type { ConfiguredPorts } from './data-ports.js';
import type { IncidentSeriesLimits } from './incident-series.js';
import type { IntakeBatcher } from './intake-batcher.js';
import type { ServerMetrics } from './server-metrics.js';

export interface ConnectorHealth {
  id: string;
  kind: string;
  status: 'ok' | 'error' | 'absent';
  detail?: string;
}

export interface ServerContext {
  store: Store;
  coordination: Coordination;
  /** Journals webhook alerts, batching concurrent requests into one transaction. */
  intake: IntakeBatcher;
  commander: CommanderAgent;
  webhookSources: Record<string, WebhookSource>;
  webhookChanges: WebhookChangeSource;
  /** Bearer tokens that may post changes besides approver API tokens (the shared webhook token). */
  changeTokens: string[];
  tokens: TokenAuthority;
  metrics: ServerMetrics;
  ports: ConfiguredPorts;
  /** The metrics the Commander's agents read: the incident page's evidence series come from here. */
  investigationMetrics?: MetricsSource;
  /** Caps and deadline of those series (default INCIDENT_SERIES_LIMITS). */
  seriesLimits?: IncidentSeriesLimits;
  storeDriver: string;
  replicaId: string;
  /** Connector health, from the checks run at startup (undefined until they ran). */
  connectorHealth: () => ConnectorHealth[] | undefined;
  now: () => number;
}

/** Resolves the caller from `Authorization: Bearer` (or `?token=` where allowed); replies 401/403 itself. */
export function authorize(
  context: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  needed: Role,
  options: { allowQueryToken?: boolean } = {},
): Principal | undefined {
  let token = bearerToken(request.headers.authorization);
  if (!token && options.allowQueryToken) token = (request.query as Record<string, string | undefined>).token;
  const principal = context.tokens.identify(token);
  if (!principal) {
    reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="afr"')
      .send({
        error: context.tokens.configured
          ? 'invalid or missing API token'
          : 'no API tokens are configured (set AFR_API_TOKEN)',
      });
    return undefined;
  }
  if (!roleAtLeast(principal.role, needed)) {
    reply.code(403).send({ error: `${needed} role required; ${principal.name} is ${principal.role}` });
    return undefined;
  }
  return principal;
}
