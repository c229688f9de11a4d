/**
 * An HTTP proxy in front of the live simulator (`startSimServer`) that afr's simulator
 * connectors and actuator talk to. It forwards everything, and lets a test or chaos run:
 *
 * - hold the requests whose path starts with a prefix (e.g. `/api/v1/logs`: investigations
 *   stall in the middle, for as long as the run wants) and release them later;
 * - count remediations: every `POST /api/v1/actions` (apply) with the simulator's answer,
 *   the independent record of what was really done to the simulated cloud.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface AppliedAction {
  strategy: string;
  target: string;
  /** The simulator's HTTP status. */
  status: number;
  at: number;
}

export interface SimProxy {
  url: string;
  /** Applies (POST /api/v1/actions) forwarded, with the simulator's answers. */
  applies: AppliedAction[];
  hold(pathPrefix: string): void;
  /** Stops holding the prefix and forwards what was held. */
  release(pathPrefix: string): void;
  /** Requests waiting under a held prefix. */
  held(pathPrefix: string): number;
  close(): Promise<void>;
}

export async function startSimProxy(simUrl: string): Promise<SimProxy> {
  const holds = new Set<string>();
  const waiting: { path: string; go: () => void }[] = [];
  const applies: AppliedAction[] = [];

  const pass = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const path = req.url ?? '/';
    let upstream: Response;
    try {
      upstream = await fetch(simUrl + path, {
        method: req.method,
        headers: req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {},
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      });
    } catch (error) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `sim proxy: ${String(error)}` }));
      return;
    }
    const text = await upstream.text();
    if (req.method === 'POST' && path.split('?')[0] === '/api/v1/actions') {
      const sent = safeJson(body.toString('utf8')) as { strategy?: string; target?: string };
      applies.push({
        strategy: String(sent.strategy),
        target: String(sent.target),
        status: upstream.status,
        at: Date.now() / 1000,
      });
    }
    if (res.destroyed) return;
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    res.end(text);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const go = () => void pass(req, res, body).catch(() => res.destroy());
      if ([...holds].some((prefix) => path.startsWith(prefix))) waiting.push({ path, go });
      else go();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    applies,
    hold: (prefix) => {
      holds.add(prefix);
    },
    release: (prefix) => {
      holds.delete(prefix);
      for (let i = waiting.length - 1; i >= 0; i--) {
        if (waiting[i].path.startsWith(prefix)) waiting.splice(i, 1)[0].go();
      }
    },
    held: (prefix) => waiting.filter((w) => w.path.startsWith(prefix)).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
