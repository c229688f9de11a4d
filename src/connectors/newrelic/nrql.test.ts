// NRQL reference (docs.newrelic.com/docs/nrql/nrql-syntax-clauses-functions): WHERE ... IN,
// IS NOT NULL, FACET ... LIMIT, TIMESERIES <n> <units>; "Set a query's time range"
// (docs/nrql/using-nrql/query-time-range): SINCE/UNTIL take Unix epoch milliseconds.
import { describe, expect, it } from 'vitest';
import { NewRelicOptionsSchema } from './newrelic-options.js';
import { bucketSeconds, escapeNrqlString, facetNrql, serviceNrql, windowClause } from './nrql.js';

const template = "SELECT percentile(duration, 99) FROM Transaction WHERE {service_attribute} = '{service}'";

describe('NRQL building', () => {
  it('escapes quotes and backslashes inside string literals', () => {
    expect(escapeNrqlString("o'brien\\x")).toBe("o\\'brien\\\\x");
    expect(serviceNrql(template, 'appName', "a' OR appName = 'b")).toBe(
      "SELECT percentile(duration, 99) FROM Transaction WHERE appName = 'a\\' OR appName = \\'b'",
    );
  });

  it('turns the service filter into IN (...) or IS NOT NULL and facets by it', () => {
    expect(facetNrql(template, 'appName', ['checkout', "o'brien"])).toEqual({
      nrql: "SELECT percentile(duration, 99) FROM Transaction WHERE appName IN ('checkout', 'o\\'brien') FACET appName LIMIT 2",
      attribute: 'appName',
    });
    expect(facetNrql(template, 'appName')?.nrql).toBe(
      'SELECT percentile(duration, 99) FROM Transaction WHERE appName IS NOT NULL FACET appName LIMIT MAX',
    );
    expect(facetNrql("SELECT count(*) FROM Log WHERE `service.name` = '{service}'", 'x')).toEqual({
      nrql: 'SELECT count(*) FROM Log WHERE `service.name` IS NOT NULL FACET `service.name` LIMIT MAX',
      attribute: 'service.name',
    });
  });

  it('declines to facet templates it cannot rewrite safely', () => {
    expect(facetNrql("SELECT count(*) FROM T WHERE name LIKE '{service}%'", 'appName')).toBeUndefined();
    expect(
      facetNrql("SELECT count(*) FROM T WHERE appName = '{service}' FACET host", 'appName'),
    ).toBeUndefined();
    expect(
      facetNrql("SELECT count(*) FROM T WHERE a = '{service}' OR b = '{service}'", 'appName'),
    ).toBeUndefined();
  });

  it('keeps TIMESERIES within 366 buckets and writes the window in epoch ms', () => {
    expect(bucketSeconds({ start: 0, end: 3600 }, 60)).toBe(60);
    expect(bucketSeconds({ start: 0, end: 86_400 }, 60)).toBe(237);
    expect(bucketSeconds({ start: 0, end: 600 }, 0.5)).toBe(2);
    expect(windowClause({ start: 1700000000.5, end: 1700003600 }, 60)).toBe(
      'SINCE 1700000000500 UNTIL 1700003600000 TIMESERIES 60 seconds',
    );
  });

  it('validates options: account id from text, {service} required in templates', () => {
    const parsed = NewRelicOptionsSchema.parse({ api_key: 'NRAK-X', account_id: '1234567' });
    expect(parsed.account_id).toBe(1234567);
    expect(parsed.service_attribute).toBe('appName');
    expect(Object.keys(parsed.metrics)).toContain('latency_p99');
    expect(
      NewRelicOptionsSchema.safeParse({ api_key: 'k', account_id: 1, metrics: { cpu: 'SELECT 1 FROM T' } })
        .success,
    ).toBe(false);
    expect(NewRelicOptionsSchema.safeParse({ api_key: 'k', account_id: 'abc' }).success).toBe(false);
  });
});
