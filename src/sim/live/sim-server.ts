/**
 * `afr sim serve`: the live simulated cloud over HTTP.
 *
 *   GET  /metrics                 Prometheus text format (OpenMetrics with Accept: application/openmetrics-text)
 *   GET  /-/healthy               200 "ok"
 *   GET  /fault                   the fault's status (scenario, onset in wall time, active, cleared)
 *   POST /fault/inject            start the fault now
 *   POST /fault/clear             end it with the scenario's own remedy
 *   GET  /api/v1/topology         services and dependencies
 *   GET  /api/v1/logs?start=&end=[&service=..][&level=..][&limit=]    JSON array, wall time
 *   GET  /api/v1/changes?start=&end=[&service=..]
 *   GET  /api/v1/spans?start=&end=[&service=..][&limit=]
 *   GET  /api/v1/targets/:service                 describe a service (revision, replicas...)
 *   POST /api/v1/actions  {strategy, target}      apply a remediation → {detail, undo_token}
 *   POST /api/v1/actions/undo {strategy, target, undo_token}
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { STRATEGIES, type Strategy } from '../../core/vocabulary.js';
import { LiveSim, type LiveSimOptions } from './live-sim.js';

export interface SimServer {
  url: string;
  sim: LiveSim;
  close(): Promise<void>;
}

export interface SimServerOptions extends LiveSimOptions {
  port?: number;
  host?: string;
  /** How often the world steps between scrapes, ms (default 250). */
  tickMs?: number;
}

const MAX_BODY_BYTES = 64 * 1024;

export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const sim = new LiveSim(options);
  const server: Server = createServer((req, res) => {
    handle(sim, req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  const timer = setInterval(() => sim.tick(), options.tickMs ?? 250);
  timer.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    sim,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(sim: LiveSim, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const path = url.pathname;
  const q = url.searchParams;
  if (req.method === 'GET' && path === '/metrics') {
    const open = (req.headers.accept ?? '').includes('application/openmetrics-text');
    res.writeHead(200, {
      'content-type': open
        ? 'application/openmetrics-text; version=1.0.0; charset=utf-8'
        : 'text/plain; version=0.0.4; charset=utf-8',
    });
    res.end(sim.metricsText(open));
    return;
  }
  if (req.method === 'GET' && path === '/-/healthy') return sendText(res, 200, 'ok\n');
  if (req.method === 'GET' && path === '/fault') return send(res, 200, sim.fault());
  if (req.method === 'POST' && path === '/fault/inject') return send(res, 200, sim.injectFault());
  if (req.method === 'POST' && path === '/fault/clear') return send(res, 200, await sim.clearFault());
  if (req.method === 'GET' && path === '/api/v1/topology') return send(res, 200, sim.topology());
  if (
    req.method === 'GET' &&
    (path === '/api/v1/logs' || path === '/api/v1/changes' || path === '/api/v1/spans')
  ) {
    const range = timeRange(q);
    if ('error' in range) return send(res, 400, range);
    const services = new Set(q.getAll('service'));
    const levels = new Set(q.getAll('level'));
    const limit = q.has('limit') ? Number(q.get('limit')) : Number.POSITIVE_INFINITY;
    if (!(limit >= 0)) return send(res, 400, { error: 'limit: expected a non-negative number' });
    const inScope = (item: { service: string; level?: string }) =>
      (!services.size || services.has(item.service)) &&
      (!levels.size || (item.level !== undefined && levels.has(item.level)));
    const items =
      path === '/api/v1/logs'
        ? sim.logs(range.start, range.end)
        : path === '/api/v1/changes'
          ? sim.changes(range.start, range.end)
          : sim.spans(range.start, range.end);
    return send(res, 200, (items as { service: string; level?: string }[]).filter(inScope).slice(0, limit));
  }
  if (req.method === 'GET' && path.startsWith('/api/v1/targets/')) {
    return send(res, 200, await sim.describe(decodeURIComponent(path.slice('/api/v1/targets/'.length))));
  }
  if (req.method === 'POST' && (path === '/api/v1/actions' || path === '/api/v1/actions/undo')) {
    const body = await readJson(req);
    if ('error' in body) return send(res, 400, body);
    const { strategy, target, undo_token } = body.value as Record<string, unknown>;
    if (
      typeof strategy !== 'string' ||
      !(STRATEGIES as readonly string[]).includes(strategy) ||
      strategy === 'none'
    )
      return send(res, 400, {
        error: `strategy: expected one of ${STRATEGIES.filter((s) => s !== 'none').join(', ')}`,
      });
    if (typeof target !== 'string' || !target) return send(res, 400, { error: 'target: required' });
    try {
      const receipt =
        path === '/api/v1/actions'
          ? await sim.apply(strategy as Strategy, target)
          : await sim.undo(strategy as Strategy, target, { detail: '', undo_token });
      return send(res, 200, receipt);
    } catch (error) {
      return send(res, 409, { error: error instanceof Error ? error.message : String(error) });
    }
  }
  send(res, 404, { error: `no route for ${req.method} ${path}` });
}

function timeRange(q: URLSearchParams): { start: number; end: number } | { error: string } {
  const start = Number(q.get('start'));
  const end = q.has('end') ? Number(q.get('end')) : Date.now() / 1000;
  if (!q.has('start') || !Number.isFinite(start)) return { error: 'start: expected epoch seconds' };
  if (!Number.isFinite(end) || end < start) return { error: 'end: expected epoch seconds not before start' };
  return { start, end };
}

async function readJson(req: IncomingMessage): Promise<{ value: unknown } | { error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { error: `body: larger than ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    return { value: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') };
  } catch (error) {
    return { error: `body: invalid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}
