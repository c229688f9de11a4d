/**
 * `GET /api/v1/events`: Server-Sent Events of incident changes from every replica (through
 * the coordination channel). EventSource cannot send headers, so this route also accepts
 * `?token=`. A comment line every 15 s keeps proxies from closing idle streams.
 */
import type { FastifyInstance } from 'fastify';
import { INCIDENT_CHANNEL } from '../publishing-store.js';
import { authorize, type ServerContext } from '../server-context.js';

export function registerEventRoutes(app: FastifyInstance, context: ServerContext): void {
  const open = new Set<() => void>();
  // Open streams would keep the server from closing: end them when shutdown begins.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  app.get('/api/v1/events', async (request, reply) => {
    if (!authorize(context, request, reply, 'viewer', { allowQueryToken: true })) return;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n: connected\n\n');
    const unsubscribe = await context.coordination.subscribe(INCIDENT_CHANNEL, (payload) => {
      res.write(`event: incident\ndata: ${payload}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const close = () => {
      if (!open.delete(close)) return;
      clearInterval(keepAlive);
      unsubscribe();
      res.end();
    };
    open.add(close);
    request.raw.on('close', close);
  });
}
