import { describe, expect, it } from 'vitest';
import { AnalysisOutputSchema } from '../../src/connectors/bundle/analysis-output.js';
import { ALSO_VALID, goodOutput, INVALID, type LooseDoc, type Mutation } from './analysis-output-examples.js';
import { validateAnalysisOutput } from './validate-analysis-output.js';

function mutated(mutate: Mutation): LooseDoc {
  const doc = goodOutput();
  mutate(doc);
  return doc;
}

function zodErrors(doc: unknown): string[] {
  const result = AnalysisOutputSchema.safeParse(doc);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('validateAnalysisOutput (JSON Schema + rules)', () => {
  it('accepts the spec example', () => {
    expect(validateAnalysisOutput(goodOutput())).toEqual({ valid: true, errors: [] });
  });

  it.each(ALSO_VALID)('accepts %s', (_name, mutate) => {
    expect(validateAnalysisOutput(mutated(mutate))).toEqual({ valid: true, errors: [] });
  });

  it.each(INVALID)('rejects %s', (_name, mutate, fragment) => {
    const result = validateAnalysisOutput(mutated(mutate));
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain(fragment);
  });

  it('rejects what is not an object at all', () => {
    for (const doc of [null, [], 'text', 42]) expect(validateAnalysisOutput(doc).valid).toBe(false);
  });

  it('checks ranks as integers >= 1 in the JSON Schema itself', () => {
    const result = validateAnalysisOutput(
      mutated((d) => {
        d.hypotheses[1].rank = 0;
      }),
    );
    expect(result.errors).toEqual(['/hypotheses/1/rank: must be >= 1']);
  });

  it('reports a broken rule with its JSON pointer', () => {
    const result = validateAnalysisOutput(
      mutated((d) => {
        d.root_cause.mechanism = 'memory_leak';
      }),
    );
    expect(result.errors).toEqual([
      '/root_cause/mechanism: must equal the rank-1 hypothesis\' mechanism "connection_pool_exhaustion", found "memory_leak"',
    ]);
  });
});

describe('AnalysisOutputSchema (zod) agrees with the JSON Schema', () => {
  it('accepts the same documents and keeps unknown fields', () => {
    expect(zodErrors(goodOutput())).toEqual([]);
    for (const [name, mutate] of ALSO_VALID) expect(zodErrors(mutated(mutate)), name).toEqual([]);
    const parsed = AnalysisOutputSchema.parse(
      mutated((d) => {
        d.summary = 'kept';
      }),
    );
    expect((parsed as Record<string, unknown>).summary).toBe('kept');
  });

  it.each(INVALID)('rejects %s', (_name, mutate, fragment) => {
    const errors = zodErrors(mutated(mutate));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(fragment);
  });
});
