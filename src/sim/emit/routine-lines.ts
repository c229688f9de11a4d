/** The everyday log lines of healthy services: request logs, cache stats, jobs, retries. */
import type { ServiceSnapshot } from '../engine/physics.js';
import type { Rng } from '../random.js';
import type { SimService } from '../topology/sim-topology.js';
import type { LogLine } from './failure-messages.js';

/** Concrete path for a route template (`/product/:id` -> `/product/48213`). */
export function concretePath(operation: string, rng: Rng): { method: string; path: string } {
  const [method, template = '/'] = operation.includes(' ') ? operation.split(' ') : ['QUERY', operation];
  return { method, path: template.replace(/:(\w+)/g, () => String(rng.int(1000, 99999))) };
}

/** One access-log line in the service's own format. */
export function requestLine(
  service: SimService,
  operation: string,
  status: number,
  durationMs: number,
  rng: Rng,
): LogLine {
  const { method, path } = concretePath(operation, rng);
  const level = status >= 500 ? 'error' : 'info';
  const ms = durationMs.toFixed(1);
  switch (service.language) {
    case 'java':
      return {
        level,
        message: `[http-nio-8080-exec-${rng.int(1, 200)}] ${method} ${path} completed status=${status} duration=${Math.round(durationMs)}ms`,
      };
    case 'python':
      return {
        level,
        message: `10.0.${rng.int(0, 9)}.${rng.int(2, 250)}:${rng.int(30000, 60000)} - "${method} ${path} HTTP/1.1" ${status} ${ms}ms`,
      };
    case 'node':
      return {
        level,
        message: `request completed method=${method} url=${path} statusCode=${status} responseTime=${ms}`,
      };
    case 'go':
      return {
        level,
        message: `level=${level} msg="handled request" method=${method} path=${path} status=${status} dur=${ms}ms`,
      };
    case 'postgres':
      return { level: 'info', message: `LOG:  duration: ${ms} ms  statement: ${operation} ...` };
    default:
      return { level: 'info', message: `"${operation}" served in ${Math.round(durationMs * 1000)}us` };
  }
}

/** Background lines that have nothing to do with any incident. */
export function backgroundLine(service: SimService, snap: ServiceSnapshot, rng: Rng): LogLine {
  if (service.language === 'postgres') {
    return rng.pick<LogLine>([
      {
        level: 'info',
        message: `LOG:  checkpoint complete: wrote ${rng.int(200, 4000)} buffers (${rng.range(1, 20).toFixed(1)}%); 0 WAL file(s) added, ${rng.int(0, 3)} removed, ${rng.int(1, 9)} recycled`,
      },
      {
        level: 'info',
        message: `LOG:  automatic vacuum of table "shop.public.${rng.pick(['orders', 'payments', 'stock', 'sessions'])}": index scans: 1`,
      },
      {
        level: 'info',
        message: `LOG:  connection authorized: user=${rng.pick(['payment', 'orders', 'inventory', 'catalog', 'users'])} database=shop application_name=${rng.pick(['HikariPool-1', 'sqlalchemy', 'knex'])}`,
      },
    ]);
  }
  if (service.language === 'redis') {
    return rng.pick<LogLine>([
      { level: 'info', message: `* ${rng.int(100, 10000)} changes in 60 seconds. Saving...` },
      { level: 'info', message: `* Background saving started by pid ${rng.int(100, 9000)}` },
      { level: 'info', message: '* DB saved on disk' },
    ]);
  }
  const choices: LogLine[] = [
    {
      level: 'info',
      message: `cache stats: hits=${rng.int(800, 5000)} misses=${rng.int(10, 300)} evictions=${rng.int(0, 20)}`,
    },
    { level: 'debug', message: `health check ok (rps=${snap.rps.toFixed(1)})` },
    {
      level: 'info',
      message: `scheduled job ${rng.pick(['refresh-price-index', 'expire-sessions', 'sync-feature-flags', 'flush-metrics'])} finished in ${rng.int(40, 900)}ms`,
    },
  ];
  if (service.pool_size) {
    choices.push({
      level: 'debug',
      message: `pool stats: active=${Math.round(snap.pool_used / Math.max(1, snap.pool_max / service.pool_size))} max=${service.pool_size}`,
    });
  }
  return rng.pick(choices);
}

export function retryWarning(service: SimService, callee: string, rng: Rng): LogLine {
  const delay = rng.pick([100, 200, 400]);
  return service.language === 'go'
    ? {
        level: 'warn',
        message: `level=warn msg="retrying call" target=${callee} attempt=2 backoff=${delay}ms`,
      }
    : { level: 'warn', message: `Retrying call to ${callee} (attempt 2/3) after ${delay}ms` };
}

export function slowQueryWarning(service: SimService, ms: number, rng: Rng): LogLine {
  const table = rng.pick(['orders', 'payments', 'stock', 'products', 'users']);
  return service.language === 'postgres'
    ? {
        level: 'warn',
        message: `LOG:  duration: ${ms.toFixed(3)} ms  statement: SELECT * FROM ${table} WHERE id = $1`,
      }
    : { level: 'warn', message: `Slow query on ${table} took ${Math.round(ms)}ms` };
}
