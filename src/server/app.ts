/**
 * The fastify application of `afr serve`: raw-body intake (signatures are computed over
 * the exact bytes), a body limit answered with 413, HTTP RED metrics per route, the API
 * routes, the OpenAPI document and the web UI's static files.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { openApiDocument } from './openapi.js';
import { registerEventRoutes } from './routes/event-routes.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerIncidentRoutes } from './routes/incident-routes.js';
import { registerInsightRoutes } from './routes/insight-routes.js';
import { registerIntakeRoutes } from './routes/intake-routes.js';
import { registerSlackRoutes } from './routes/slack-routes.js';
import type { ServerContext } from './server-context.js';

export interface AppOptions {
  bodyLimitBytes: number;
  /** Folder of the built UI (index.html + assets); the UI is off when absent. */
  uiDir?: string;
  /** pino options, or false to log nothing. */
  logger?: boolean | Record<string, unknown>;
  version: string;
  /** Signing secrets of the configured Slack notifiers (interactive approve/reject). */
  slackSigningSecrets?: string[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function buildApp(context: ServerContext, options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes,
    return503OnClosing: true,
  });
  // Every body arrives as bytes: webhook signatures cover the exact payload, and each
  // route decodes what it expects.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    context.metrics.httpRequests.inc({ route, method: request.method, code: String(reply.statusCode) });
    context.metrics.httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.warn({ code: error.code, message: error.message }, 'request refused');
    const message =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `body: larger than server.body_limit_bytes (${options.bodyLimitBytes} bytes)`
        : status >= 500
          ? 'internal error'
          : error.message;
    reply.code(status).send({ error: message });
  });

  registerHealthRoutes(app, context);
  registerIntakeRoutes(app, context);
  registerIncidentRoutes(app, context);
  registerEventRoutes(app, context);
  registerInsightRoutes(app, context);
  registerSlackRoutes(app, context, options.slackSigningSecrets ?? []);
  const document = openApiDocument(options.version);
  app.get('/api/v1/openapi.json', async () => document);

  if (options.uiDir && existsSync(join(options.uiDir, 'index.html'))) registerUi(app, options.uiDir);
  else
    app.get('/', async () => ({ name: 'afr', api: '/api/v1/openapi.json', ui: 'not built (npm run build)' }));
  return app;
}

function registerUi(app: FastifyInstance, uiDir: string): void {
  const root = resolve(uiDir);
  app.get('/*', async (request, reply) => {
    const path = decodeURIComponent(new URL(request.url, 'http://ui').pathname);
    if (path.startsWith('/api/')) return reply.code(404).send({ error: `no route for GET ${path}` });
    let file = resolve(root, `.${path}`);
    if (file !== root && !file.startsWith(root + sep)) return reply.code(404).send({ error: 'not found' });
    if (path === '/' || !existsSync(file)) file = join(root, 'index.html');
    const body = await readFile(file).catch(() => undefined);
    if (!body) return reply.code(404).send({ error: 'not found' });
    reply.header('content-type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
    if (file.includes(`${sep}assets${sep}`))
      reply.header('cache-control', 'public, max-age=31536000, immutable');
    return reply.send(body);
  });
}
