/**
 * A tiny stand-in for `afr serve` in the browser test: serves the built UI from a
 * directory and answers the `/api/v1` contract from a MemoryStore filled by real
 * incidents. It checks bearer tokens (401), refuses decisions from viewers (403), accepts
 * `?token=` on the event stream only, and records every API request for assertions.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { IncidentDetail, Me } from '../../ui/src/api/types.js';
import { type FixtureData, insightsFrom } from './fixture-data.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FixtureServer {
  url: string;
  requests: RecordedRequest[];
  /** Sends an `incident` server-sent event to every open stream. */
  emit(event: { id: string; state: string; updated_at: number }): void;
  /** How many event streams are open. */
  streams(): number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startFixtureServer(options: {
  distDir: string;
  data: FixtureData;
  /** Token → who it belongs to. */
  tokens: Record<string, Me>;
}): Promise<FixtureServer> {
  const { distDir, data, tokens } = options;
  const { store } = data;
  const requests: RecordedRequest[] = [];
  const streams = new Set<ServerResponse>();

  const detail = async (id: string): Promise<IncidentDetail | null> => {
    const incident = await store.getIncident(id);
    if (!incident) return null;
    const extras = data.extras.get(id) ?? { topology: null, series: [], changes: [] };
    return {
      incident,
      report: (await store.getReport(id)) ?? null,
      phases: await store.getPhases(id),
      findings: await store.getFindings(id),
      hypotheses: await store.getHypotheses(id),
      plan: (await store.getPlan(id)) ?? null,
      actions: await store.getActions(id),
      state_history: await store.getStateHistory(id),
      ...extras,
    };
  };

  const decide = async (id: string, who: Me, action: string, body: Record<string, unknown>) => {
    const incident = await store.getIncident(id);
    if (!incident) return { status: 404, body: { error: `no incident ${id}` } };
    if (
      incident.state !== 'awaiting_approval' &&
      !(action === 'override' && incident.state === 'escalated')
    ) {
      return { status: 409, body: { error: `incident ${id} is ${incident.state}` } };
    }
    const at = incident.updated_at + 1;
    const to = action === 'reject' ? 'escalated' : 'remediating';
    await store.transitionIncident(id, incident.state, to, `${action} by ${who.name}`, at);
    await store.appendAudit({
      incident_id: id,
      actor: who.name,
      action: `human_${action}`,
      detail: body,
      at,
    });
    const updated = (await store.getIncident(id))!;
    for (const s of streams) {
      s.write(
        `event: incident\ndata: ${JSON.stringify({ id, state: updated.state, updated_at: updated.updated_at })}\n\n`,
      );
    }
    return { status: 200, body: { incident: updated } };
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname.slice('/api/v1'.length);
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    });
    const header = req.headers.authorization ?? '';
    const token = path === '/events' ? url.searchParams.get('token') : header.replace(/^Bearer /, '');
    const who = token ? tokens[token] : undefined;
    if (!who) return json(res, 401, { error: 'invalid or missing API token' });

    if (req.method === 'GET' && path === '/events') {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method === 'GET' && path === '/me') return json(res, 200, who);
    if (req.method === 'GET' && path === '/incidents') {
      const q = url.searchParams;
      const filter = {
        state: (q.get('state') || undefined) as never,
        service: q.get('service') || undefined,
        severity: (q.get('severity') || undefined) as never,
      };
      const all = await store.listIncidents(filter);
      const offset = Number(q.get('offset') ?? 0);
      const limit = Number(q.get('limit') ?? all.length);
      return json(res, 200, { incidents: all.slice(offset, offset + limit), total: all.length });
    }
    if (req.method === 'GET' && path === '/insights') return json(res, 200, await insightsFrom(store));
    if (req.method === 'GET' && path === '/health/connectors') {
      return json(res, 200, {
        connectors: [
          { id: 'simulator-metrics', kind: 'metrics', status: 'ok' },
          { id: 'simulator-logs', kind: 'logs', status: 'ok' },
          {
            id: 'github',
            kind: 'changes',
            status: 'error',
            detail: 'GET /repos/acme/shop/deployments: 401 Bad credentials',
          },
          { id: 'traces', kind: 'traces', status: 'absent' },
        ],
        store: { driver: 'memory', ok: true },
      });
    }
    const match = /^\/incidents\/([^/]+)(?:\/(audit|approve|reject|override|report))?$/.exec(path);
    if (match) {
      const id = decodeURIComponent(match[1]);
      const sub = match[2];
      if (req.method === 'GET' && !sub) {
        const d = await detail(id);
        return d ? json(res, 200, d) : json(res, 404, { error: `no incident ${id}` });
      }
      if (req.method === 'GET' && sub === 'audit') {
        return json(res, 200, { entries: await store.listAudit({ incident_id: id }) });
      }
      if (req.method === 'GET' && sub === 'report') {
        const report = await store.getReport(id);
        if (!report) return json(res, 404, { error: `no report for ${id}` });
        res.writeHead(200, { 'Content-Type': 'text/markdown; charset=utf-8' });
        res.end(`# ${id}\n\n${report.summary}\n`);
        return;
      }
      if (req.method === 'POST' && sub && sub !== 'audit' && sub !== 'report') {
        if (who.role === 'viewer') return json(res, 403, { error: 'viewers cannot decide' });
        const result = await decide(id, who, sub, (body ?? {}) as Record<string, unknown>);
        return json(res, result.status, result.body);
      }
    }
    json(res, 404, { error: `no route ${req.method} ${url.pathname}` });
  };

  const files = async (res: ServerResponse, url: URL): Promise<void> => {
    const relative =
      url.pathname === '/'
        ? 'index.html'
        : normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    if (relative.startsWith('..')) return json(res, 400, { error: 'bad path' });
    try {
      const content = await readFile(join(distDir, relative));
      res.writeHead(200, { 'Content-Type': TYPES[extname(relative)] ?? 'application/octet-stream' });
      res.end(content);
    } catch {
      json(res, 404, { error: `no file ${url.pathname}` });
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const work = url.pathname.startsWith('/api/v1/') ? api(req, res, url) : files(res, url);
    work.catch((err: unknown) => json(res, 500, { error: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    emit(event) {
      for (const s of streams) s.write(`event: incident\ndata: ${JSON.stringify(event)}\n\n`);
    },
    streams: () => streams.size,
    async close() {
      for (const s of streams) s.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
