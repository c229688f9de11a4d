/**
 * Rules of the analysis output that relate fields to each other, which JSON Schema cannot
 * state. Shared by AnalysisOutputSchema and the test-side JSON Schema validator so both
 * judge a document the same way.
 */

/** Slack for floating-point sums of probabilities. */
export const PROBABILITY_TOLERANCE = 1e-6;

/** The fields the rules read; anything shaped like the output object fits. */
export interface AnalysisOutputRuleInput {
  decision: string;
  root_cause: { service: string; cause: string; mechanism: string } | null;
  hypotheses: readonly {
    rank: number;
    service: string;
    cause: string;
    mechanism: string;
    probability: number;
  }[];
  remediation_plan: unknown;
}

export interface AnalysisOutputProblem {
  path: (string | number)[];
  message: string;
}

/** Every rule the output breaks; empty when it keeps them all. */
export function analysisOutputProblems(output: AnalysisOutputRuleInput): AnalysisOutputProblem[] {
  return [
    ...rankProblems(output),
    ...probabilityProblems(output),
    ...rootCauseProblems(output),
    ...actProblems(output),
  ];
}

function rankProblems({ hypotheses }: AnalysisOutputRuleInput): AnalysisOutputProblem[] {
  const problems: AnalysisOutputProblem[] = [];
  hypotheses.forEach((hypothesis, index) => {
    if (hypothesis.rank !== index + 1) {
      problems.push({
        path: ['hypotheses', index, 'rank'],
        message: `expected rank ${index + 1} (ranks run 1, 2, 3... in order), found ${hypothesis.rank}`,
      });
    }
  });
  return problems;
}

/** Hypotheses of one service may overlap, so each service counts with its best one only. */
function probabilityProblems({ hypotheses }: AnalysisOutputRuleInput): AnalysisOutputProblem[] {
  const bestByService = new Map<string, number>();
  for (const { service, probability } of hypotheses) {
    bestByService.set(service, Math.max(probability, bestByService.get(service) ?? 0));
  }
  let total = 0;
  for (const probability of bestByService.values()) total += probability;
  if (total <= 1 + PROBABILITY_TOLERANCE) return [];
  return [
    {
      path: ['hypotheses'],
      message: `probabilities of distinct services sum to ${total.toFixed(6)}, more than 1`,
    },
  ];
}

function rootCauseProblems({ root_cause, hypotheses }: AnalysisOutputRuleInput): AnalysisOutputProblem[] {
  if (root_cause === null) return [];
  const top = hypotheses[0];
  if (!top) return [{ path: ['root_cause'], message: 'set, but there is no hypothesis of rank 1' }];
  const problems: AnalysisOutputProblem[] = [];
  for (const field of ['service', 'cause', 'mechanism'] as const) {
    if (root_cause[field] !== top[field]) {
      problems.push({
        path: ['root_cause', field],
        message: `must equal the rank-1 hypothesis' ${field} "${top[field]}", found "${root_cause[field]}"`,
      });
    }
  }
  return problems;
}

function actProblems({
  decision,
  root_cause,
  remediation_plan,
}: AnalysisOutputRuleInput): AnalysisOutputProblem[] {
  if (decision !== 'act') return [];
  const problems: AnalysisOutputProblem[] = [];
  if (root_cause === null)
    problems.push({ path: ['root_cause'], message: 'decision "act" needs a root cause' });
  if (remediation_plan === null || remediation_plan === undefined) {
    problems.push({ path: ['remediation_plan'], message: 'decision "act" needs a remediation plan' });
  }
  return problems;
}
