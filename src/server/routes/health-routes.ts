/** Liveness, readiness, Prometheus metrics and connector health. */
import type { FastifyInstance } from 'fastify';
import { authorize, type ServerContext } from '../server-context.js';

export function registerHealthRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/healthz', async () => ({ status: 'ok', replica: context.replicaId }));

  app.get('/readyz', async (_request, reply) => {
    const problems: string[] = [];
    try {
      await context.store.listIncidents({ limit: 1 });
    } catch (error) {
      problems.push(`store: ${error instanceof Error ? error.message : String(error)}`);
    }
    const health = context.connectorHealth();
    if (!health) problems.push('connector health checks have not run yet');
    if (problems.length) return reply.code(503).send({ status: 'not ready', problems });
    return { status: 'ready', connectors: health };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', context.metrics.registry.contentType);
    return context.metrics.registry.metrics();
  });

  app.get('/api/v1/health/connectors', async (request, reply) => {
    if (!authorize(context, request, reply, 'viewer')) return;
    let storeOk = true;
    try {
      await context.store.listIncidents({ limit: 1 });
    } catch {
      storeOk = false;
    }
    return {
      connectors: context.connectorHealth() ?? [],
      store: { driver: context.storeDriver, ok: storeOk },
    };
  });
}
