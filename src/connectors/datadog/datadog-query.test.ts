// Datadog metrics query syntax ("Querying" / "Metrics query syntax": `aggr:metric{scope} by {tag}`)
import { describe, expect, it } from 'vitest';
import { DatadogOptionsSchema, DEFAULT_DATADOG_QUERIES, datadogBaseUrl } from './datadog-options.js';
import { groupedQuery, isValidTagValue, serviceQuery } from './datadog-query.js';

describe('Datadog query templates', () => {
  it('fills the service tag and the service', () => {
    expect(
      serviceQuery('sum:trace.http.request.hits{{service_tag}:{service}}.as_rate()', 'svc', 'checkout'),
    ).toBe('sum:trace.http.request.hits{svc:checkout}.as_rate()');
  });

  it('groups every scope naming the service, before functions like .as_count()', () => {
    expect(groupedQuery(DEFAULT_DATADOG_QUERIES.error_rate, 'service')).toBe(
      'sum:trace.http.request.errors{service:*} by {service}.as_count() / sum:trace.http.request.hits{service:*} by {service}.as_count()',
    );
    expect(groupedQuery('avg:system.cpu.user{env:prod,service:{service}}', 'service')).toBe(
      'avg:system.cpu.user{env:prod,service:*} by {service}',
    );
  });

  it('declines to group a template without a service scope or already grouped', () => {
    expect(groupedQuery('avg:system.cpu.user{*}', 'service')).toBeUndefined();
    expect(groupedQuery('avg:system.cpu.user{service:{service}} by {host}', 'service')).toBeUndefined();
  });

  it('accepts tag characters only', () => {
    expect(isValidTagValue('checkout-v2.eu/web:1_a')).toBe(true);
    expect(isValidTagValue('a} by {host')).toBe(false);
    expect(isValidTagValue('a,b')).toBe(false);
    expect(isValidTagValue('')).toBe(false);
  });

  it('derives the API host from the site', () => {
    const options = (site: string) => DatadogOptionsSchema.parse({ site, api_key: 'k', app_key: 'a' });
    expect(datadogBaseUrl(options('datadoghq.eu'))).toBe('https://api.datadoghq.eu');
    expect(datadogBaseUrl(options('us5.datadoghq.com'))).toBe('https://api.us5.datadoghq.com');
    expect(datadogBaseUrl(options('app.datadoghq.com'))).toBe('https://api.datadoghq.com');
    expect(datadogBaseUrl(DatadogOptionsSchema.parse({ api_key: 'k', app_key: 'a' }))).toBe(
      'https://api.datadoghq.com',
    );
  });

  it('requires both keys and rejects a malformed service tag', () => {
    expect(DatadogOptionsSchema.safeParse({ api_key: 'k' }).success).toBe(false);
    expect(DatadogOptionsSchema.safeParse({ api_key: 'k', app_key: 'a', service_tag: 'a b' }).success).toBe(
      false,
    );
  });
});
