import { describe, expect, it } from 'vitest';
import { AfrConfigSchema } from './schema.js';
import { closestKey, editDistance, knownKeysAt, valueAt } from './zod-issues.js';

describe('editDistance', () => {
  it('counts edits, with an adjacent swap as one', () => {
    expect(editDistance('port', 'port')).toBe(0);
    expect(editDistance('prot', 'port')).toBe(1);
    expect(editDistance('confidence_treshold', 'confidence_threshold')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestKey', () => {
  it('suggests a close key and nothing for a stranger', () => {
    const known = ['host', 'port'];
    expect(closestKey('prot', known)).toBe('port');
    expect(closestKey('Host', known)).toBe('host');
    expect(closestKey('database', known)).toBeUndefined();
  });
});

describe('knownKeysAt', () => {
  it('finds the keys of nested sections through defaults and preprocessing', () => {
    expect(knownKeysAt(AfrConfigSchema, [])).toContain('commander');
    expect(knownKeysAt(AfrConfigSchema, ['server'])).toEqual([
      'host',
      'port',
      'body_limit_bytes',
      'api_tokens',
      'workers',
      'lease_seconds',
      'replica_id',
      'ui',
      'audit_head_log_seconds',
    ]);
    expect(knownKeysAt(AfrConfigSchema, ['agents', 'logs'])).toEqual([
      'backend',
      'url',
      'deadline_ms',
      'index_pattern',
      'path',
    ]);
    expect(knownKeysAt(AfrConfigSchema, ['policy', 'freeze_windows', 0])).toEqual(['start', 'end', 'reason']);
    expect(knownKeysAt(AfrConfigSchema, ['integrations', 'slack'])).toBeUndefined();
    expect(knownKeysAt(AfrConfigSchema, ['nope'])).toBeUndefined();
  });
});

describe('valueAt', () => {
  it('follows keys and indexes, and gives undefined past the end', () => {
    const tree = { a: [{ b: 1 }] };
    expect(valueAt(tree, ['a', 0, 'b'])).toBe(1);
    expect(valueAt(tree, ['a', 3, 'b'])).toBeUndefined();
    expect(valueAt(tree, ['a', 0, 'b', 'c'])).toBeUndefined();
  });
});
