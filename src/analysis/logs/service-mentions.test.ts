import { describe, expect, it } from 'vitest';
import { findServiceMentions } from './service-mentions.js';

const SERVICES = ['payment', 'checkout', 'inventory', 'checkout-v2-cache'];

describe('findServiceMentions', () => {
  it.each([
    ['call to payment failed: connection refused', ['payment']],
    ['upstream inventory timed out after 5s', ['inventory']],
    ['payment returned 503 Service Unavailable', ['payment']],
    ['connecting to payment: refused', ['payment']],
    ['dial tcp payment.shop.svc.cluster.local:8080: i/o timeout', ['payment']],
    ['POST http://inventory:8080/reserve failed with status 500', ['inventory']],
    ['Payment service unavailable', ['payment']],
    ['checkout-v2-cache timed out', ['checkout-v2-cache']],
    ['inventory failed; retrying via payment? no: payment is down', ['inventory', 'payment']],
  ])('%s', (message, expected) => {
    expect(findServiceMentions(message, SERVICES)).toEqual(expected);
  });

  it('does not find a service inside a longer name', () => {
    expect(findServiceMentions('checkout-v2-cache-warmer timed out', SERVICES)).toEqual([]);
    expect(findServiceMentions('checkout-v2-cache timed out', ['checkout'])).toEqual([]);
    expect(findServiceMentions('checkout_worker failed', ['checkout'])).toEqual([]);
  });

  it('ignores mentions without a failure context', () => {
    expect(findServiceMentions('calling payment for order 1841', SERVICES)).toEqual([]);
    expect(findServiceMentions('INFO inventory reserved 3 items', SERVICES)).toEqual([]);
    expect(findServiceMentions('payment succeeded, inventory timed out', SERVICES)).toEqual(['inventory']);
  });

  it('only reports names from the list, and tolerates empty input', () => {
    expect(findServiceMentions('call to shipping failed', SERVICES)).toEqual([]);
    expect(findServiceMentions('', SERVICES)).toEqual([]);
    expect(findServiceMentions('payment failed', [])).toEqual([]);
  });
});
