import { describe, expect, it } from 'vitest';
import { type AnalysisOutputRuleInput, analysisOutputProblems } from './analysis-output-rules.js';

const h = (rank: number, service: string, probability: number, cause = 'unknown') => ({
  rank,
  service,
  cause,
  mechanism: 'error_spike',
  probability,
});

function output(patch: Partial<AnalysisOutputRuleInput> = {}): AnalysisOutputRuleInput {
  return {
    decision: 'approve',
    root_cause: { service: 'a', cause: 'unknown', mechanism: 'error_spike' },
    hypotheses: [h(1, 'a', 0.6), h(2, 'b', 0.4)],
    remediation_plan: null,
    ...patch,
  };
}

describe('analysisOutputProblems', () => {
  it('finds nothing wrong in a consistent output', () => {
    expect(analysisOutputProblems(output())).toEqual([]);
    expect(analysisOutputProblems(output({ root_cause: null, hypotheses: [] }))).toEqual([]);
  });

  it('wants ranks 1, 2, 3... in order', () => {
    const problems = analysisOutputProblems(output({ hypotheses: [h(1, 'a', 0.6), h(3, 'b', 0.4)] }));
    expect(problems).toEqual([
      {
        path: ['hypotheses', 1, 'rank'],
        message: 'expected rank 2 (ranks run 1, 2, 3... in order), found 3',
      },
    ]);
  });

  it('sums the best probability of each distinct service, with a small tolerance', () => {
    const sameService = [h(1, 'a', 0.6), h(2, 'a', 0.5, 'traffic_surge'), h(3, 'b', 0.4)];
    expect(analysisOutputProblems(output({ hypotheses: sameService }))).toEqual([]);
    expect(analysisOutputProblems(output({ hypotheses: [h(1, 'a', 0.6), h(2, 'b', 0.4 + 9e-7)] }))).toEqual(
      [],
    );
    expect(analysisOutputProblems(output({ hypotheses: [h(1, 'a', 0.6), h(2, 'b', 0.4 + 2e-6)] }))).toEqual([
      { path: ['hypotheses'], message: 'probabilities of distinct services sum to 1.000002, more than 1' },
    ]);
  });

  it('wants root_cause to be the rank-1 hypothesis', () => {
    const root_cause = { service: 'b', cause: 'traffic_surge', mechanism: 'error_spike' };
    expect(analysisOutputProblems(output({ root_cause })).map((p) => p.path.join('.'))).toEqual([
      'root_cause.service',
      'root_cause.cause',
    ]);
    expect(analysisOutputProblems(output({ hypotheses: [] }))).toEqual([
      { path: ['root_cause'], message: 'set, but there is no hypothesis of rank 1' },
    ]);
  });

  it('wants a root cause and a plan before acting', () => {
    expect(analysisOutputProblems(output({ decision: 'act', remediation_plan: {} }))).toEqual([]);
    expect(analysisOutputProblems(output({ decision: 'act' })).map((p) => p.message)).toEqual([
      'decision "act" needs a remediation plan',
    ]);
    expect(
      analysisOutputProblems(output({ decision: 'act', root_cause: null, remediation_plan: {} })).map(
        (p) => p.message,
      ),
    ).toEqual(['decision "act" needs a root cause']);
  });
});
