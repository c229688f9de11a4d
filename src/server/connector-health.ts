/** Startup health checks of the configured connectors: one cheap query each, with a deadline. */
import type { DataPorts } from '../core/index.js';
import type { ConnectorHealth } from './server-context.js';

export async function checkConnectors(
  ports: DataPorts,
  now: number,
  timeoutMs = 3000,
): Promise<ConnectorHealth[]> {
  const ctx = () => ({ signal: AbortSignal.timeout(timeoutMs) });
  const range = { start: now - 300, end: now };
  const checks: [string, string | undefined, () => Promise<{ kind: string; message?: string }>][] = [
    ['metrics', ports.metrics?.id, () => ports.metrics!.metricNames(ctx())],
    ['logs', ports.logs?.id, () => ports.logs!.search({ range, limit: 1 }, ctx())],
    ['changes', ports.changes?.id, () => ports.changes!.changes({ range }, ctx())],
    ['topology', ports.topology?.id, () => ports.topology!.topology(ctx())],
    ['traces', ports.traces?.id, () => ports.traces!.spans({ range, limit: 1 }, ctx())],
  ];
  return Promise.all(
    checks.map(async ([kind, id, check]): Promise<ConnectorHealth> => {
      if (!id) return { id: kind, kind, status: 'absent' };
      try {
        const outcome = await check();
        return outcome.kind === 'error'
          ? { id, kind, status: 'error', detail: outcome.message }
          : { id, kind, status: 'ok', detail: outcome.kind === 'no_data' ? 'reachable, no data' : undefined };
      } catch (error) {
        return { id, kind, status: 'error', detail: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}
