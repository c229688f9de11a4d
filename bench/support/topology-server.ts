/**
 * Gives `afr serve` a topology the way a live deployment can: through the simulator's HTTP
 * API (`agents.deploy.backend: simulator`, `integrations.simulator.url`), which afr reads
 * for its incident grouping and investigations. Serves `GET /api/v1/topology` and an empty
 * `GET /api/v1/changes`; anything else is 404. Loopback, free port, closed at cleanup.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Topology } from '../../src/core/telemetry.js';
import { onCleanup } from './cleanup.js';

export async function serveTopology(topology: Topology): Promise<{ url: string; close(): Promise<void> }> {
  const body = JSON.stringify(topology);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://topology').pathname;
    const answer = path === '/api/v1/topology' ? body : path === '/api/v1/changes' ? '[]' : undefined;
    response.writeHead(answer === undefined ? 404 : 200, { 'content-type': 'application/json' });
    response.end(answer ?? '{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  onCleanup(close, () => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close };
}
