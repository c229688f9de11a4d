import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/random.js';
import { SYSTEM_SAMPLES } from './__fixtures__/system-logs.js';
import { TemplateMiner } from './template-miner.js';

function mine(lines: readonly string[], miner = new TemplateMiner()): string[] {
  const ids = lines.map((line) => miner.add(line).id);
  return ids.map((id) => miner.resolve(id)!.template);
}

describe('TemplateMiner on real-system formats', () => {
  for (const sample of SYSTEM_SAMPLES) {
    it(`finds the exact templates and groups of ${sample.system}`, () => {
      const finals = mine(sample.lines);
      expect(finals).toEqual(sample.groups.map((group) => sample.templates[group]));
      expect(new Set(finals).size).toBe(sample.templates.length);
    });
  }

  it('keeps the templates of all systems apart when mined together', () => {
    const miner = new TemplateMiner();
    const all = SYSTEM_SAMPLES.flatMap((s) => s.lines);
    mine(all, miner);
    expect(miner.size).toBe(SYSTEM_SAMPLES.reduce((n, s) => n + s.templates.length, 0));
  });
});

describe('TemplateMiner behaviour', () => {
  it('returns the same ids and templates for the same input', () => {
    const lines = SYSTEM_SAMPLES.flatMap((s) => s.lines);
    const a = new TemplateMiner();
    const b = new TemplateMiner();
    expect(lines.map((l) => a.add(l))).toEqual(lines.map((l) => b.add(l)));
    expect(a.templates()).toEqual(b.templates());
  });

  it('keeps the id a template got at creation while it generalizes', () => {
    const miner = new TemplateMiner();
    const first = miner.add('user alice logged in from web');
    const second = miner.add('user bob logged in from web');
    expect(second.id).toBe(first.id);
    expect(second.template).toBe('user <*> logged in from web');
    expect(first.id).toMatch(/^[0-9a-f]{8}$/);
  });

  it('keeps memory bounded on 200k lines of unique numbers', () => {
    const miner = new TemplateMiner();
    for (let i = 0; i < 200_000; i++) {
      miner.add(`request ${i} took ${i * 7}ms for user ${i % 1000} id=${i.toString(16)}x${i}`);
    }
    expect(miner.size).toBe(1);
    expect(miner.templates()[0]).toMatchObject({
      template: 'request <*> took <*> for user <*> id=<*>',
      count: 200_000,
    });
  });

  it('evicts the least recently used template beyond maxTemplates', () => {
    const miner = new TemplateMiner({ maxTemplates: 2 });
    const a = miner.add('alpha event happened');
    miner.add('beta thing occurred now');
    miner.add('alpha event happened');
    miner.add('gamma state changed to ready here');
    expect(miner.size).toBe(2);
    expect(miner.resolve(a.id)).not.toBeNull();
    expect(miner.templates().map((t) => t.template)).not.toContain('beta thing occurred now');
  });

  it('survives binary junk, replacement characters, CRLF, empty and huge lines', () => {
    const miner = new TemplateMiner();
    expect(miner.add('').template).toBe('');
    expect(miner.add('disk ok\r\nsecond line').template).toBe('disk ok');
    expect(() => miner.add('\u0000\u0001\ufffd\ufffd \u0007 \uffff')).not.toThrow();
    const huge = `start ${'x'.repeat(1_000_000)} ${'word '.repeat(10_000)}`;
    const match = miner.add(huge);
    expect(match.template.split(' ')).toHaveLength(128);
    expect(match.template.startsWith('start <*> word word')).toBe(true);
    expect(() => miner.add(undefined as unknown as string)).not.toThrow();
  });

  it('templates only the first line of a multi-line message', () => {
    const miner = new TemplateMiner();
    const match = miner.add('Request failed 42\n\tat com.acme.A.run(A.java:10)');
    expect(match.template).toBe('Request failed <*>');
  });

  it('matches without learning', () => {
    const miner = new TemplateMiner();
    miner.add('cache miss for key 1');
    miner.add('cache miss for key 2');
    expect(miner.match('cache miss for key 99')?.template).toBe('cache miss for key <*>');
    expect(miner.match('completely different words here')).toBeNull();
    expect(miner.size).toBe(1);
    expect(miner.templates()[0].count).toBe(2);
  });

  it('merges near-duplicate templates and keeps the old id resolvable', () => {
    const miner = new TemplateMiner({ maxChildren: 1 });
    const a = miner.add('alpha job done in stage one');
    const b = miner.add('beta job done in stage one');
    miner.add('gamma job done in stage two');
    miner.add('delta job done in stage three');
    const merged = miner.templates();
    expect(merged).toHaveLength(1);
    expect(merged[0].template).toBe('<*> job done in stage <*>');
    expect(merged[0].count).toBe(4);
    expect(miner.resolve(a.id)?.id).toBe(merged[0].id);
    expect(miner.resolve(b.id)?.id).toBe(merged[0].id);
  });

  it('tracks first/last seen and counts per window', () => {
    const miner = new TemplateMiner({ bucketSeconds: 60 });
    const t0 = 1_772_368_200;
    const id = miner.add('GC pause 12ms', t0).id;
    miner.add('GC pause 15ms', t0 + 30);
    miner.add('GC pause 900ms', t0 + 130);
    miner.add('GC pause 1ms');
    const info = miner.templates()[0];
    expect(info).toMatchObject({ count: 4, first_seen: t0, last_seen: t0 + 130 });
    expect(miner.countsByWindow(60).get(id)).toEqual(
      new Map([
        [t0, 2],
        [t0 + 120, 1],
      ]),
    );
    expect(miner.countsByWindow(300).get(id)).toEqual(new Map([[t0 - (t0 % 300), 3]]));
    expect(() => miner.countsByWindow(45)).toThrow(/multiple of bucketSeconds/);
  });

  it('counts every line once when a generalized template folds into an older one', () => {
    // The 7th line generalizes the younger key-value template, which an older template now
    // covers; the younger one must be folded in once, not counted twice.
    const lines = [
      'gamma k1=hit timeout error k4=cache',
      'delta service 254 id=lo6 gamma',
      'alpha k1=x17 delta timeout k4=cache',
      'alpha k1=read failed failed k4=read',
      'delta k1=beta error beta k4=x40',
      'failed k1=job delta user k4=timeout',
      'delta k1=alpha failed beta k4=write',
    ];
    const miner = new TemplateMiner({ maxChildren: 2, similarityThreshold: 0.4 });
    for (const line of lines) miner.add(line);
    const templates = miner.templates();
    expect(templates.reduce((n, t) => n + t.count, 0)).toBe(lines.length);
    expect(templates.map((t) => [t.template, t.count])).toEqual([
      ['<*> k1=<*> <*> <*> k4=<*>', 5],
      ['gamma k1=hit timeout error k4=cache', 1],
      ['delta service <*> id=<*> gamma', 1],
    ]);
  });

  it('keeps the template table, ids and time buckets bounded on a long stream of free text', () => {
    const miner = new TemplateMiner({ maxTemplates: 300, maxBucketsPerTemplate: 5, bucketSeconds: 1 });
    const syllables = ['ka', 'lo', 'mi', 'nu', 'pe', 'ra', 'si', 'to', 'vu', 'we', 'xa', 'yo'];
    const rng = new Rng(7);
    const word = () => rng.pick(syllables) + rng.pick(syllables) + rng.pick(syllables);
    const ids = new Set<string>();
    for (let i = 0; i < 30_000; i++) {
      const line =
        i % 3 === 0
          ? Array.from({ length: rng.int(3, 10) }, word).join(' ')
          : `request ${i} served in ${i % 97}ms`;
      ids.add(miner.add(line, i).id);
    }
    expect(ids.size).toBeGreaterThan(5_000);
    expect(miner.size).toBe(300);
    expect(miner.templates()).toHaveLength(300);
    expect(miner.templates()[0]).toMatchObject({ template: 'request <*> served in <*>', count: 20_000 });
    for (const windows of miner.countsByWindow(1).values()) expect(windows.size).toBeLessThanOrEqual(5);
    // The template that kept appearing survived eviction; ids of evicted ones no longer resolve.
    expect(miner.resolve(miner.add('request 1 served in 1ms').id)).not.toBeNull();
    expect([...ids].filter((id) => miner.resolve(id) !== null).length).toBeLessThanOrEqual(300);
  });

  it('does not merge different events of the same length', () => {
    const finals = mine([
      'Starting service payment',
      'Stopping service payment',
      'Starting service checkout',
    ]);
    expect(finals).toEqual(['Starting service <*>', 'Stopping service payment', 'Starting service <*>']);
  });
});
