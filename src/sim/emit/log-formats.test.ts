import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { shopTopology } from '../topology/shop-topology.js';
import type { SimService } from '../topology/sim-topology.js';
import { calleeFailure } from './callee-failure-messages.js';
import { NOVEL_EXCEPTIONS, oomLines, ownFailure } from './failure-messages.js';

const shop = new Map(shopTopology().services.map((s) => [s.name, s]));
const get = (name: string) => shop.get(name) as SimService;

describe('failure messages', () => {
  it('prints stack traces the way each runtime does', () => {
    const rng = new Rng(1);
    const java = ownFailure('pool_timeout', {
      service: get('payment-service'),
      operation: 'POST /api/v1/payments',
      poolSize: 8,
      rng,
    });
    expect(java.message).toMatch(
      /HikariPool-1 - Connection is not available, request timed out after 30000ms/,
    );
    expect(java.message).toMatch(/\n\tat com\.shop\.payment\.\w+\.\w+\.\w+\(\w+\.java:\d+\)/);
    expect(java.message).toMatch(/\nCaused by: java\.sql\.SQLTransientConnectionException/);

    const python = ownFailure('pool_timeout', {
      service: get('inventory'),
      operation: 'POST /x',
      poolSize: 7,
      rng,
    });
    expect(python.message.startsWith('Traceback (most recent call last):\n  File "')).toBe(true);
    expect(python.message).toMatch(/QueuePool limit of size 7 overflow 0 reached, connection timed out/);

    const node = ownFailure('defect', {
      service: get('cart'),
      operation: 'GET /x',
      poolSize: 0,
      rng,
      exception: 'undefined-amount',
    });
    expect(node.message).toMatch(
      /^TypeError: Cannot read properties of undefined \(reading 'amount'\)\n {4}at \w+ \(\/app\/src\/[\w/]+\.js:\d+:\d+\)/,
    );

    const go = ownFailure('defect', {
      service: get('search'),
      operation: 'GET /x',
      poolSize: 0,
      rng,
      exception: 'nil-pointer',
    });
    expect(go.message).toMatch(/^panic: runtime error: invalid memory address or nil pointer dereference/);
    expect(go.message).toMatch(/\ngoroutine \d+ \[running\]:\n/);
  });

  it('has novel exceptions for every application runtime', () => {
    const rng = new Rng(2);
    for (const [language, keys] of Object.entries(NOVEL_EXCEPTIONS)) {
      const service = [...shop.values()].find((s) => s.language === language) as SimService;
      for (const exception of keys) {
        const line = ownFailure('defect', { service, operation: 'GET /x', poolSize: 0, rng, exception });
        expect(line.message, `${language}/${exception}`).toMatch(/Exception|Error|panic/);
      }
    }
  });

  it('names the callee a caller failed to reach', () => {
    const rng = new Rng(3);
    for (const caller of ['checkout', 'inventory', 'cart', 'search']) {
      for (const mode of ['timeout', 'error'] as const) {
        const line = calleeFailure(
          get(caller),
          get('payment-provider'),
          mode,
          5000,
          undefined,
          rng,
          'POST /x',
        );
        expect(line.message, `${caller}/${mode}`).toContain('payment-provider');
      }
    }
    expect(
      calleeFailure(get('cart'), get('payment-provider'), 'timeout', 5000, undefined, rng, 'POST /x').message,
    ).toMatch(/upstream payment-provider timed out after 5000ms/);
    const disk = calleeFailure(
      get('order-service'),
      get('postgres'),
      'error',
      10000,
      'disk_full',
      rng,
      'POST /x',
    );
    expect(disk.message).toMatch(/postgres/);
    expect(disk.message).toMatch(/No space left on device/);
  });

  it('reports OOM kills with the runtime error and the container reason', () => {
    const rng = new Rng(4);
    const lines = oomLines(get('checkout'), 'checkout-abc-123', rng);
    expect(lines[0].message).toMatch(
      /java\.lang\.OutOfMemoryError: (Java heap space|GC overhead limit exceeded)/,
    );
    expect(lines[1].message).toMatch(/OOMKilled/);
    expect(oomLines(get('cart'), 'cart-1', rng)[0].message).toMatch(/JavaScript heap out of memory/);
  });

  it('writes disk-full errors the way PostgreSQL does', () => {
    const rng = new Rng(5);
    const messages = Array.from(
      { length: 20 },
      () =>
        ownFailure('disk_full', { service: get('postgres'), operation: 'INSERT', poolSize: 0, rng }).message,
    );
    expect(
      messages.some((m) =>
        /^ERROR: {2}could not extend file "base\/\d+\/\d+": No space left on device/.test(m),
      ),
    ).toBe(true);
  });
});
