/**
 * Misbehaving loopback HTTP servers for chaos runs: one that accepts requests and never
 * answers (a hung backend), and one that answers every request with a fixed status (a
 * broken notifier endpoint). Both count what they received.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface LoopbackServer {
  url: string;
  /** Requests received (method and path). */
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

async function listen(
  onRequest: (path: string, res: ServerResponse) => void,
): Promise<LoopbackServer & { server: Server }> {
  const requests: { method: string; path: string }[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '/' });
    req.resume();
    req.on('end', () => onRequest(req.url ?? '/', res));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts every request and never answers it (until closed). */
export async function startHangingServer(): Promise<LoopbackServer> {
  return listen(() => undefined);
}

/** Answers every request with `status` and a JSON error body. */
export async function startStatusServer(status: number): Promise<LoopbackServer> {
  return listen((_path, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `chaos: this endpoint always answers ${status}` }));
  });
}
