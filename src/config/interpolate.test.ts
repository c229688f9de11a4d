// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${VAR} references in plain strings.
import { describe, expect, it } from 'vitest';
import { interpolateEnv } from './interpolate.js';

const env = { HOST: 'prom', EMPTY: '', KEY: 's3cr$t' };

function resolve(text: string, vars: Record<string, string | undefined> = env) {
  return interpolateEnv({ a: { b: [text] } }, vars);
}

describe('interpolateEnv', () => {
  it('replaces ${NAME} anywhere in a value, several times', () => {
    expect(resolve('http://${HOST}:9090/${HOST}').value).toEqual({ a: { b: ['http://prom:9090/prom'] } });
  });

  it('uses the default when the variable is unset or empty, like the shell', () => {
    expect(resolve('${MISSING:-x}').value).toEqual({ a: { b: ['x'] } });
    expect(resolve('${EMPTY:-x}').value).toEqual({ a: { b: ['x'] } });
    expect(resolve('${HOST:-x}').value).toEqual({ a: { b: ['prom'] } });
    expect(resolve('${MISSING:-}').value).toEqual({ a: { b: [''] } });
    expect(resolve('${EMPTY}').value).toEqual({ a: { b: [''] } });
  });

  it('does not interpolate inside a value it substituted', () => {
    expect(resolve('${KEY}', { KEY: '${HOST}', HOST: 'no' }).value).toEqual({ a: { b: ['${HOST}'] } });
  });

  it('keeps $$-escaped references and lone dollars', () => {
    expect(resolve('$${HOST} costs $5 and $HOST').value).toEqual({
      a: { b: ['${HOST} costs $5 and $HOST'] },
    });
  });

  it('names the key path and the variable when one is missing', () => {
    const result = resolve('${NOPE}');
    expect(result.issues).toEqual([
      {
        path: 'a.b[0]',
        segments: ['a', 'b', 0],
        message: 'environment variable NOPE is not set (set it, or write ${NOPE:-default})',
      },
    ]);
  });

  it('reports malformed and unclosed references', () => {
    expect(resolve('${1BAD}').issues[0].message).toMatch(/malformed variable reference "\$\{1BAD\}"/);
    expect(resolve('${HOST').issues[0].message).toMatch(/unclosed variable reference/);
  });

  it('leaves keys, numbers, booleans and nulls alone and records references', () => {
    const result = interpolateEnv({ '${HOST}': 1, t: true, n: null, s: '${HOST}' }, env);
    expect(result.value).toEqual({ '${HOST}': 1, t: true, n: null, s: 'prom' });
    expect(result.references).toEqual([{ path: 's', variable: 'HOST' }]);
  });
});
