/**
 * Error lines as real libraries print them: HikariCP, SQLAlchemy, knex and pgx pool
 * timeouts, JVM/Node/Python/Go out-of-memory, PostgreSQL disk full, HTTP client timeouts
 * and 5xx that name the service they failed to reach.
 */
import type { LogLevel } from '../../core/index.js';
import type { OwnErrorKind } from '../engine/physics.js';
import type { Rng } from '../random.js';
import type { SimService } from '../topology/sim-topology.js';
import { appFrames, goPanic, javaPackage, javaTrace, nodeTrace, pythonTrace } from './stack-traces.js';

export interface LogLine {
  level: LogLevel;
  message: string;
}

export interface FailureContext {
  service: SimService;
  operation: string;
  poolSize: number;
  rng: Rng;
  /** Key of the novel exception a defective build throws. */
  exception?: string;
}

/** Novel exceptions a bad build may start throwing, per runtime. */
export const NOVEL_EXCEPTIONS: Record<string, string[]> = {
  java: ['npe-address', 'class-cast', 'illegal-state'],
  python: ['key-error', 'attribute-error', 'type-error'],
  node: ['undefined-amount', 'not-a-function'],
  go: ['nil-pointer', 'index-range'],
};

export function ownFailure(kind: OwnErrorKind, ctx: FailureContext): LogLine {
  switch (kind) {
    case 'pool_timeout':
      return { level: 'error', message: poolTimeout(ctx) };
    case 'overload':
    case 'gc':
      return { level: 'error', message: overloaded(ctx) };
    case 'defect':
      return { level: 'error', message: novelException(ctx) };
    case 'oom':
      return {
        level: 'error',
        message: `Request ${ctx.operation} aborted: worker terminated (pod restarting)`,
      };
    case 'disk_full':
      return { level: 'error', message: diskFull(ctx) };
    case 'disruption':
      return {
        level: 'warn',
        message: `Request ${ctx.operation} aborted: connection closed during graceful shutdown`,
      };
    default:
      return { level: 'error', message: transientError(ctx) };
  }
}

function poolTimeout(ctx: FailureContext): string {
  const { service, rng, operation } = ctx;
  const frames = appFrames(service.name, service.language, ['save', 'handle', 'findById']);
  switch (service.language) {
    case 'java':
      return javaTrace(
        `Request processing failed for ${operation}: org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection; nested exception is java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.`,
        [
          {
            fn: 'org.springframework.jdbc.datasource.DataSourceUtils.getConnection',
            file: 'DataSourceUtils.java',
          },
          ...frames,
        ],
        rng,
        {
          headline:
            'java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.',
          frames: [
            { fn: 'com.zaxxer.hikari.pool.HikariPool.createTimeoutException', file: 'HikariPool.java' },
            { fn: 'com.zaxxer.hikari.pool.HikariPool.getConnection', file: 'HikariPool.java' },
          ],
        },
      );
    case 'python':
      return pythonTrace(
        [
          ...frames,
          { fn: '_do_get', file: '/usr/local/lib/python3.11/site-packages/sqlalchemy/pool/impl.py' },
        ],
        `sqlalchemy.exc.TimeoutError: QueuePool limit of size ${ctx.poolSize} overflow 0 reached, connection timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)`,
        rng,
      );
    case 'node':
      return nodeTrace(
        'KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
        [{ fn: 'Client_PG.acquireConnection', file: '/app/node_modules/knex/lib/client.js' }, ...frames],
        rng,
      );
    default:
      return `level=error msg="query failed" op="${operation}" err="failed to acquire connection from pool (max_conns=${ctx.poolSize}): context deadline exceeded"`;
  }
}

function overloaded(ctx: FailureContext): string {
  const { service, rng, operation } = ctx;
  switch (service.language) {
    case 'java':
      return javaTrace(
        `Request ${operation} rejected: java.util.concurrent.RejectedExecutionException: Task rejected from java.util.concurrent.ThreadPoolExecutor[Running, pool size = 200, active threads = 200, queued tasks = 1000]`,
        [
          {
            fn: 'java.util.concurrent.ThreadPoolExecutor$AbortPolicy.rejectedExecution',
            file: 'ThreadPoolExecutor.java',
          },
          ...appFrames(service.name, 'java', ['dispatch']),
        ],
        rng,
      );
    case 'python':
      return `[CRITICAL] WORKER TIMEOUT (pid:${rng.int(200, 9000)}) while handling ${operation}`;
    case 'node':
      return `Request ${operation} timed out after 30000ms (event loop lag ${rng.int(900, 4000)}ms)`;
    case 'postgres':
      return 'FATAL:  sorry, too many clients already';
    case 'redis':
      return `# Client id=${rng.int(1000, 99999)} addr=10.0.${rng.int(0, 9)}.${rng.int(2, 250)}:${rng.int(30000, 60000)} closed: output buffer limit reached`;
    default:
      return `level=error msg="request timeout" path="${operation}" err="context deadline exceeded" inflight=${rng.int(300, 900)}`;
  }
}

function novelException(ctx: FailureContext): string {
  const { service, rng, operation } = ctx;
  const frames = appFrames(service.name, service.language, ['process', 'handle', 'load']);
  const pkg = javaPackage(service.name);
  switch (ctx.exception) {
    case 'npe-address':
      return javaTrace(
        `Request processing failed for ${operation}: java.lang.NullPointerException: Cannot invoke "${pkg}.model.Address.getCountryCode()" because "request.shipping" is null`,
        frames,
        rng,
      );
    case 'class-cast':
      return javaTrace(
        `Request processing failed for ${operation}: java.lang.ClassCastException: class java.lang.String cannot be cast to class java.math.BigDecimal`,
        frames,
        rng,
      );
    case 'illegal-state':
      return javaTrace(
        `Request processing failed for ${operation}: java.lang.IllegalStateException: Duplicate key currency (attempted merging values EUR and EUR)`,
        [{ fn: 'java.util.stream.Collectors.duplicateKeyException', file: 'Collectors.java' }, ...frames],
        rng,
      );
    case 'key-error':
      return pythonTrace(frames, "KeyError: 'unit_price_cents'", rng);
    case 'attribute-error':
      return pythonTrace(frames, "AttributeError: 'NoneType' object has no attribute 'warehouse_id'", rng);
    case 'type-error':
      return pythonTrace(
        frames,
        "TypeError: unsupported operand type(s) for *: 'decimal.Decimal' and 'float'",
        rng,
      );
    case 'undefined-amount':
      return nodeTrace("TypeError: Cannot read properties of undefined (reading 'amount')", frames, rng);
    case 'not-a-function':
      return nodeTrace('TypeError: item.price.toFixed is not a function', frames, rng);
    case 'nil-pointer':
      return goPanic(
        'runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x8a4f21]',
        frames,
        rng,
      );
    case 'index-range':
      return goPanic('runtime error: index out of range [3] with length 3', frames, rng);
    default:
      return transientError(ctx);
  }
}

function diskFull(ctx: FailureContext): string {
  const { rng } = ctx;
  const file = `base/16384/${rng.int(16400, 99999)}`;
  if (rng.chance(0.15)) {
    return `PANIC:  could not write to file "pg_wal/xlogtemp.${rng.int(100, 9999)}": No space left on device`;
  }
  return `ERROR:  could not extend file "${file}": No space left on device\nHINT:  Check free disk space.\nSTATEMENT:  INSERT INTO ${rng.pick(['orders', 'payments', 'reservations', 'sessions'])} (id, created_at, payload) VALUES ($1, $2, $3)`;
}

function transientError(ctx: FailureContext): string {
  const { service, rng, operation } = ctx;
  switch (service.language) {
    case 'java':
      return `Request processing failed for ${operation}: java.net.SocketException: Connection reset`;
    case 'python':
      return `Unhandled error on ${operation}: ConnectionResetError: [Errno 104] Connection reset by peer`;
    case 'node':
      return `Error handling ${operation}: Error: socket hang up (code ECONNRESET)`;
    case 'postgres':
      return `ERROR:  canceling statement due to lock timeout\nSTATEMENT:  UPDATE ${rng.pick(['stock', 'carts', 'orders'])} SET updated_at = now() WHERE id = $1`;
    case 'redis':
      return '# Connection with replica 10.0.5.12:6379 lost.';
    default:
      return `level=error msg="request failed" path="${operation}" err="read: connection reset by peer"`;
  }
}

/** Lines of an OOM kill: the runtime's last words, then the container runtime's note. */
export function oomLines(service: SimService, pod: string, rng: Rng): LogLine[] {
  const lastWords: Record<string, string> = {
    java: javaTrace(
      rng.chance(0.5)
        ? 'java.lang.OutOfMemoryError: Java heap space'
        : 'java.lang.OutOfMemoryError: GC overhead limit exceeded',
      appFrames(service.name, 'java', ['cache', 'handle']),
      rng,
    ),
    python: pythonTrace(appFrames(service.name, 'python', ['handle', 'build_index']), 'MemoryError', rng),
    node: `FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0xb09c10 node::Abort() [node]\n 2: 0xa1c193 node::FatalError(char const*, char const*) [node]`,
    go: `fatal error: runtime: out of memory\n\ngoroutine ${rng.int(1, 900)} [running]:\nruntime.throw({0x9a3b2c?, 0x0?})\n\t/usr/local/go/src/runtime/panic.go:1047 +0x5d`,
  };
  return [
    { level: 'fatal', message: lastWords[service.language] ?? 'out of memory' },
    {
      level: 'error',
      message: `Container ${service.name} in pod ${pod} terminated: OOMKilled (exit code 137); restarting`,
    },
  ];
}

/** A GC complaint once the heap is nearly full. */
export function gcWarning(service: SimService, memoryFraction: number, gcPause: number, rng: Rng): LogLine {
  const limit = service.memory_limit_mb;
  const used = Math.round(limit * memoryFraction);
  const pauseMs = (gcPause * 1000 * rng.range(2, 6)).toFixed(3);
  switch (service.language) {
    case 'java':
      return {
        level: 'warn',
        message: `[gc] GC(${rng.int(1000, 9999)}) Pause Full (G1 Compaction Pause) ${used}M->${used - rng.int(2, 20)}M(${limit}M) ${pauseMs}ms`,
      };
    case 'node':
      return {
        level: 'warn',
        message: `[GC] Mark-Compact ${used}.4 (${limit}.0) -> ${used - 3}.1 (${limit}.0) MB, ${pauseMs} / 0.0 ms  (average mu = 0.182, current mu = 0.091) allocation failure; scavenge might not succeed`,
      };
    case 'python':
      return {
        level: 'warn',
        message: `gc: collection of generation 2 took ${pauseMs}ms; rss ${used}MiB of ${limit}MiB limit`,
      };
    default:
      return {
        level: 'warn',
        message: `gc ${rng.int(100, 9000)} @${rng.int(100, 9000)}.${rng.int(100, 999)}s ${Math.round(gcPause * 100)}%: 0.1+${pauseMs}+0.05 ms clock, ${used}->${used - 4}->${used - 9} MB, ${limit} MB goal`,
      };
  }
}
