import { describe, expect, it } from 'vitest';
import { compileMatchers, matchesAll, parseMatcher } from './matchers.js';

describe('matchers', () => {
  it('parses the four Alertmanager operators, with quoted or bare values', () => {
    expect(parseMatcher('service=api')).toEqual({ label: 'service', op: '=', value: 'api' });
    expect(parseMatcher(' env != "prod" ')).toEqual({ label: 'env', op: '!=', value: 'prod' });
    expect(parseMatcher('severity=~critical|high')).toMatchObject({ op: '=~', value: 'critical|high' });
    expect(parseMatcher('alertname!~"Disk.*"')).toMatchObject({ op: '!~', value: 'Disk.*' });
    expect(parseMatcher('msg="say \\"hi\\""')).toMatchObject({ value: 'say "hi"' });
  });

  it('anchors regexes and reads missing labels as empty', () => {
    const labels = { service: 'payments', env: 'prod' };
    expect(matchesAll(compileMatchers(['service=~pay']), labels)).toBe(false);
    expect(matchesAll(compileMatchers(['service=~pay.*']), labels)).toBe(true);
    expect(matchesAll(compileMatchers(['team=']), labels)).toBe(true);
    expect(matchesAll(compileMatchers(['team!~.+']), labels)).toBe(true);
    expect(matchesAll(compileMatchers(['env!=prod']), labels)).toBe(false);
    expect(matchesAll(compileMatchers(['service=payments', 'env=~prod|staging']), labels)).toBe(true);
    expect(matchesAll([], labels)).toBe(true);
  });

  it('explains bad matchers', () => {
    expect(parseMatcher('no operator')).toEqual({
      error:
        'invalid matcher "no operator": expected label=value, label!=value, label=~regex or label!~regex',
    });
    expect(parseMatcher('a=~(')).toMatchObject({
      error: expect.stringMatching(/^invalid regex in matcher "a=~\("/),
    });
    expect(() => compileMatchers(['=x'])).toThrow(/invalid matcher/);
  });
});
