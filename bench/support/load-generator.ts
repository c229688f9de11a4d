/**
 * A small closed-loop HTTP load generator for loopback benchmarks (like wrk): `connections`
 * keep-alive sockets, each sending its next request as soon as the previous answer has been
 * read in full, for a fixed duration or until the request source runs dry. Every request
 * body comes from `next(seq)`, so each can be unique (no deduplication on the server).
 * Latency is measured per request, from the write to the last byte of the answer; requests
 * that finish during the warm-up are not counted. Built on node:http (no dependency, and
 * cheaper per request than fetch, so the generator takes less CPU from the server).
 */
import { Agent, request } from 'node:http';

export interface LoadOptions {
  /** Target URL, path included (http only: loopback benchmarks). */
  url: string;
  connections: number;
  /** Stop sending after this long (warm-up included); unbounded when absent (use `next`). */
  durationMs?: number;
  /** Requests finishing before this much time has passed are not counted. */
  warmupMs?: number;
  method?: string;
  headers?: Record<string, string>;
  /** The body of request number `seq` (0, 1, ...), or undefined when there is nothing more to send. */
  next: (seq: number) => string | undefined;
  /** Alerts carried by request `seq` (for alerts/s); 1 when absent. */
  itemsOf?: (seq: number) => number;
  /** Called for every successful request, warm-up included. */
  onOk?: (seq: number) => void;
  /** Which answers count as success (default 2xx). */
  ok?: (status: number) => boolean;
  /** Per-request timeout, ms (default 30 s). */
  timeoutMs?: number;
}

export interface LoadResult {
  connections: number;
  /** Seconds over which counted requests finished. */
  duration_s: number;
  requests: number;
  /** Alerts in successful counted requests. */
  items: number;
  errors: number;
  statuses: Record<string, number>;
  requests_per_s: number;
  items_per_s: number;
  latency_ms: { p50: number; p90: number; p99: number; max: number; mean: number };
  first_error?: string;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const warmupMs = options.warmupMs ?? 0;
  const started = performance.now();
  const stopAt = options.durationMs === undefined ? Number.POSITIVE_INFINITY : started + options.durationMs;
  const countFrom = started + warmupMs;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let seq = 0;
  let items = 0;
  let errors = 0;
  let firstError: string | undefined;
  let firstCounted = Number.POSITIVE_INFINITY;
  let lastCounted = 0;
  const ok = options.ok ?? ((status: number) => status >= 200 && status < 300);

  const worker = async () => {
    for (;;) {
      if (performance.now() >= stopAt) return;
      const mine = seq++;
      const body = options.next(mine);
      if (body === undefined) return;
      const sent = performance.now();
      const answer = await send(target, agent, options, body);
      const done = performance.now();
      const success = ok(answer.status);
      if (success) options.onOk?.(mine);
      if (done < countFrom) continue;
      firstCounted = Math.min(firstCounted, Math.max(sent, countFrom));
      lastCounted = Math.max(lastCounted, done);
      const label = answer.status === 0 ? 'network_error' : String(answer.status);
      statuses[label] = (statuses[label] ?? 0) + 1;
      latencies.push(done - sent);
      if (success) items += options.itemsOf?.(mine) ?? 1;
      else {
        errors++;
        firstError ??= `${label}: ${answer.text.slice(0, 300)}`;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    agent.destroy();
  }
  const durationS = Math.max(1e-9, (lastCounted - firstCounted) / 1000);
  const round = (x: number) => Math.round(x * 100) / 100;
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  const sorted = latencies.sort((a, b) => a - b);
  return {
    connections: options.connections,
    duration_s: round(durationS),
    requests: latencies.length,
    items,
    errors,
    statuses,
    requests_per_s: Math.round(latencies.length / durationS),
    items_per_s: Math.round(items / durationS),
    latency_ms: {
      p50: round(rank(sorted, 0.5)),
      p90: round(rank(sorted, 0.9)),
      p99: round(rank(sorted, 0.99)),
      max: round(sorted[sorted.length - 1] ?? Number.NaN),
      mean: round(mean),
    },
    ...(firstError ? { first_error: firstError } : {}),
  };
}

/** Nearest-rank percentile (0 < p <= 1) of ascending `sorted`; NaN when empty. */
function rank(sorted: readonly number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

interface Answer {
  status: number;
  text: string;
}

/** One request; the answer body is read in full (and kept only for error messages). */
function send(target: URL, agent: Agent, options: LoadOptions, body: string): Promise<Answer> {
  return new Promise((resolve) => {
    const payload = Buffer.from(body);
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (error) => resolve({ status: 0, text: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', (error) => resolve({ status: 0, text: error.message }));
    req.end(payload);
  });
}
