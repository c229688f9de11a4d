import { describe, expect, it } from 'vitest';
import { matchSignatures } from './failure-signatures.js';

const names = (message: string) => matchSignatures(message).map((m) => m.signature);

describe('matchSignatures', () => {
  it.each([
    [
      'HikariPool-1 - Connection is not available, request timed out after 30000ms.',
      'connection_pool_exhaustion',
    ],
    [
      'QueuePool limit of size 10 overflow 0 reached, connection timed out, timeout 30',
      'connection_pool_exhaustion',
    ],
    ['FATAL: sorry, too many clients already', 'connection_pool_exhaustion'],
    [
      'FATAL: remaining connection slots are reserved for non-replication superuser connections',
      'connection_pool_exhaustion',
    ],
    ['Connection timeout after 30000ms acquiring connection from pool', 'connection_pool_exhaustion'],
    ['java.lang.OutOfMemoryError: Java heap space', 'oom'],
    ['Last State: Terminated, Reason: OOMKilled', 'oom'],
    ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', 'oom'],
    ['fork: Cannot allocate memory', 'oom'],
    ['java.lang.OutOfMemoryError: GC overhead limit exceeded', 'gc_pressure'],
    ['[Full GC (Allocation Failure) 2040M->2039M(2048M), 4.5 secs]', 'gc_pressure'],
    ['rpc error: code = DeadlineExceeded desc = context deadline exceeded', 'timeout'],
    ['dial tcp 10.0.0.5:5432: connect: connection refused', 'connection_refused'],
    ['Error: connect ECONNREFUSED 127.0.0.1:6379', 'connection_refused'],
    ['x509: certificate has expired or is not yet valid', 'tls_error'],
    ['x509: certificate signed by unknown authority', 'tls_error'],
    ['dial tcp: lookup payment.shop.svc.cluster.local: no such host', 'dns_failure'],
    ['getaddrinfo ENOTFOUND api.stripe.com', 'dns_failure'],
    ['getaddrinfo EAI_AGAIN redis', 'dns_failure'],
    ['write /var/lib/postgresql/data/base/1/2: No space left on device', 'disk_full'],
    ['accept4: too many open files; retrying in 1s', 'too_many_open_files'],
    ['ERROR: deadlock detected', 'deadlock'],
    ['upstream returned 429 Too Many Requests', 'rate_limited'],
    ['call to inventory failed: status 503', 'upstream_5xx'],
    ['upstream connect error or disconnect/reset before headers', 'upstream_5xx'],
    ['Back-off restarting failed container payment in pod payment-5c4b7f9d8-qwk4m', 'crash_loop'],
    ['pod checkout-1 is in CrashLoopBackOff', 'crash_loop'],
    ['FATAL: password authentication failed for user "app"', 'auth_failure'],
    ['java.lang.NullPointerException: Cannot invoke "String.length()" because "s" is null', 'null_reference'],
    ["TypeError: Cannot read properties of undefined (reading 'id')", 'null_reference'],
    ["AttributeError: 'NoneType' object has no attribute 'get'", 'null_reference'],
    [
      'System.NullReferenceException: Object reference not set to an instance of an object.',
      'null_reference',
    ],
    ['java.util.concurrent.RejectedExecutionException: Task rejected from pool', 'thread_exhaustion'],
    ['ERROR: relation "orders_v2" does not exist', 'schema_mismatch'],
  ])('%s -> %s', (message, signature) => {
    expect(names(message)).toContain(signature);
  });

  it('reports several signatures when a message shows several', () => {
    expect(names('HikariPool-1 - Connection is not available, request timed out after 30000ms.')).toEqual([
      'connection_pool_exhaustion',
      'timeout',
    ]);
  });

  it('stays quiet on healthy lines that share words with failures', () => {
    for (const message of [
      'Established session 0x14f with negotiated timeout 10000 for client /10.0.0.1:5000',
      'GET /api/orders 200 15ms',
      'connection pool started with 10 connections',
      'processed 503 orders in 429ms',
      'TLS handshake completed with api.example.com',
      '',
    ]) {
      expect(names(message)).toEqual([]);
    }
  });
});
