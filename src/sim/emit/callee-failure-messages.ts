/**
 * What a caller logs when a call failed: HTTP client timeouts and 5xx, database and cache
 * client errors. Every line names the service the caller failed to reach.
 */
import type { OwnErrorKind } from '../engine/physics.js';
import type { Rng } from '../random.js';
import type { SimService } from '../topology/sim-topology.js';
import type { LogLine } from './failure-messages.js';
import { appFrames, javaTrace, nodeTrace, pythonTrace } from './stack-traces.js';

/** What a caller logs when a call to `callee` failed; it always names the callee. */
export function calleeFailure(
  service: SimService,
  callee: SimService,
  mode: 'timeout' | 'error',
  timeoutMs: number,
  calleeKind: OwnErrorKind | undefined,
  rng: Rng,
  operation: string,
): LogLine {
  const name = callee.name;
  if (callee.tier === 'database')
    return { level: 'error', message: databaseFailure(service, name, mode, timeoutMs, calleeKind, rng) };
  if (callee.tier === 'cache') {
    const text =
      service.language === 'python'
        ? `redis.exceptions.${mode === 'timeout' ? 'TimeoutError: Timeout reading from' : 'ConnectionError: Error while reading from'} ${name}:6379`
        : `Redis command ${mode === 'timeout' ? `timed out after ${timeoutMs}ms` : 'failed: ERR connection closed'} (${name}:6379)`;
    return { level: 'error', message: `Cache call to ${name} failed: ${text}` };
  }
  const status =
    callee.tier === 'external'
      ? rng.pick(['502 Bad Gateway', '500 Internal Server Error', '503 Service Unavailable'])
      : rng.pick(['503 Service Unavailable', '500 Internal Server Error', '504 Gateway Timeout']);
  const url = `http://${name}${callee.tier === 'external' ? '' : ':8080'}${callee.operations[0]?.split(' ')[1] ?? '/'}`;
  switch (service.language) {
    case 'java':
      return {
        level: 'error',
        message:
          mode === 'timeout'
            ? javaTrace(
                `Call to ${name} failed during ${operation}: upstream ${name} timed out after ${timeoutMs}ms; I/O error on POST request for "${url}": Read timed out`,
                appFrames(service.name, 'java', ['call', 'handle']),
                rng,
                {
                  headline: 'java.net.SocketTimeoutException: Read timed out',
                  frames: [
                    { fn: 'java.base/sun.nio.ch.NioSocketImpl.timedRead', file: 'NioSocketImpl.java' },
                  ],
                },
              )
            : `Call to ${name} failed during ${operation}: ${status} (org.springframework.web.client.HttpServerErrorException)`,
      };
    case 'python':
      return {
        level: 'error',
        message:
          mode === 'timeout'
            ? pythonTrace(
                appFrames(service.name, 'python', ['post', 'call_' + name.replace(/-/g, '_')]),
                `requests.exceptions.ReadTimeout: HTTPConnectionPool(host='${name}', port=${callee.tier === 'external' ? 443 : 8080}): Read timed out. (read timeout=${timeoutMs / 1000})`,
                rng,
              )
            : `call to ${name} failed: ${status}`,
      };
    case 'node':
      return {
        level: 'error',
        message:
          mode === 'timeout'
            ? nodeTrace(
                `Error: upstream ${name} timed out after ${timeoutMs}ms`,
                [
                  { fn: 'Timeout._onTimeout', file: `/app/src/clients/${name}.js` },
                  { fn: 'listOnTimeout', file: 'node:internal/timers' },
                ],
                rng,
              )
            : `call to ${name} failed: ${status}`,
      };
    default:
      return {
        level: 'error',
        message:
          mode === 'timeout'
            ? `level=error msg="call to ${name} failed" err="Post \\"${url}\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)" timeout=${timeoutMs}ms`
            : `level=error msg="call to ${name} failed" status="${status}"`,
      };
  }
}

function databaseFailure(
  service: SimService,
  db: string,
  mode: 'timeout' | 'error',
  timeoutMs: number,
  calleeKind: OwnErrorKind | undefined,
  rng: Rng,
): string {
  const detail =
    mode === 'timeout'
      ? 'canceling statement due to statement timeout'
      : calleeKind === 'disk_full'
        ? `could not extend file "base/16384/${rng.int(16400, 99999)}": No space left on device`
        : calleeKind === 'overload'
          ? 'sorry, too many clients already'
          : 'terminating connection due to administrator command';
  switch (service.language) {
    case 'java':
      return javaTrace(
        `Query against ${db} failed: org.postgresql.util.PSQLException: ERROR: ${detail}`,
        [
          {
            fn: 'org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse',
            file: 'QueryExecutorImpl.java',
          },
          ...appFrames(service.name, 'java', ['save', 'handle']),
        ],
        rng,
      );
    case 'python': {
      const cls =
        mode === 'timeout' ? 'QueryCanceled' : calleeKind === 'disk_full' ? 'DiskFull' : 'OperationalError';
      return pythonTrace(
        [
          ...appFrames(service.name, 'python', ['handle', 'save']),
          { fn: 'execute', file: '/usr/local/lib/python3.11/site-packages/sqlalchemy/engine/default.py' },
        ],
        `sqlalchemy.exc.OperationalError: (psycopg2.errors.${cls}) ${detail} [query against ${db}${mode === 'timeout' ? `, timeout ${timeoutMs}ms` : ''}]`,
        rng,
      );
    }
    case 'node':
      return nodeTrace(
        `error: ${detail} (query against ${db})`,
        [{ fn: 'Parser.parseErrorMessage', file: '/app/node_modules/pg-protocol/dist/parser.js' }],
        rng,
      );
    default:
      return `level=error msg="query against ${db} failed" err="ERROR: ${detail} (SQLSTATE ${mode === 'timeout' ? '57014' : calleeKind === 'disk_full' ? '53100' : '57P01'})"`;
  }
}
