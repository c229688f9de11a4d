/**
 * A loopback TCP proxy that injects network faults between afr and a real server
 * (PostgreSQL, Prometheus), the way a slow or failing network would:
 *
 * - `delayMs`: every chunk, both directions, is delivered this much later (in order), so
 *   each round trip costs at least 2 × delayMs. Nothing is dropped or reordered.
 * - `hold()`: bytes from clients are buffered instead of forwarded (requests in flight
 *   stall); `release()` forwards them. When the upstream closes or cannot be reached, the
 *   client's connection is destroyed, as when the server process dies mid-request.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxyOptions {
  upstreamHost: string;
  upstreamPort: number;
  delayMs?: number;
}

export interface TcpProxy {
  host: string;
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Client bytes buffered while held. */
  readonly heldBytes: number;
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const delay = options.delayMs ?? 0;
  let holding = false;
  let connections = 0;
  const pairs = new Set<{ client: Socket; upstream: Socket; held: Buffer[] }>();

  /** Writes `chunk` to `to` after the delay, keeping order (timers of equal delay fire in order). */
  const forward = (to: Socket, chunk: Buffer) => {
    if (delay <= 0) {
      if (!to.destroyed) to.write(chunk);
      return;
    }
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delay);
  };

  const server: Server = createServer((client) => {
    connections++;
    const upstream = connect(options.upstreamPort, options.upstreamHost);
    const pair = { client, upstream, held: [] as Buffer[] };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      // A delayed tail still in timers is dropped with the connection, like a cut link.
      setTimeout(() => {
        client.destroy();
        upstream.destroy();
      }, delay);
    };
    client.on('data', (chunk: Buffer) => {
      if (holding) pair.held.push(chunk);
      else forward(upstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => forward(client, chunk));
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: '127.0.0.1',
    port,
    get connections() {
      return connections;
    },
    get heldBytes() {
      let n = 0;
      for (const p of pairs) for (const b of p.held) n += b.length;
      return n;
    },
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const pair of pairs) {
        for (const chunk of pair.held.splice(0)) forward(pair.upstream, chunk);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) {
          pair.client.destroy();
          pair.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
