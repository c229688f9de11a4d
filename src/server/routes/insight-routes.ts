/** `GET /api/v1/insights`: incident insights from the store's history (see reports/insights). */
import type { FastifyInstance } from 'fastify';
import { generateIncidentInsights } from '../../reports/insights.js';
import { authorize, type ServerContext } from '../server-context.js';

export function registerInsightRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/api/v1/insights', async (request, reply) => {
    if (!authorize(context, request, reply, 'viewer')) return;
    return generateIncidentInsights(context.store);
  });
}
