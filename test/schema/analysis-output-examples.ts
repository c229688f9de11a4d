/**
 * Analysis output documents for the schema tests: one good document (the spec's own
 * example, filled in) and named mutations that each break exactly one rule.
 */

/**
 * A document the mutations below may reshape freely, including into invalid shapes (that
 * is their point), so its fields are deliberately untyped.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type LooseDoc = Record<string, any>;

/** A change to goodOutput(). */
export type Mutation = (doc: LooseDoc) => void;

/** The spec's example output, with five ranked hypotheses. */
export function goodOutput(): LooseDoc {
  const hypothesis = (rank: number, service: string, probability: number) => ({
    rank,
    service,
    cause: 'dependency_failure',
    mechanism: 'error_spike',
    probability,
    confidence: 0.3,
    evidence: [
      { agent: 'metrics', supports: false, weight: 0.2, summary: `${service} errors follow payment` },
    ],
  });
  return {
    incident_id: 'INC-2024-001',
    decision: 'act',
    root_cause: {
      service: 'payment',
      cause: 'config_change',
      mechanism: 'connection_pool_exhaustion',
      probability: 0.91,
      confidence: 0.88,
    },
    hypotheses: [
      {
        rank: 1,
        service: 'payment',
        cause: 'config_change',
        mechanism: 'connection_pool_exhaustion',
        probability: 0.91,
        confidence: 0.88,
        evidence: [
          {
            agent: 'deploy',
            supports: true,
            weight: 0.94,
            summary: 'config change db.pool.max_size 50 -> 10, 8 min before onset',
          },
        ],
      },
      hypothesis(2, 'checkout', 0.04),
      hypothesis(3, 'api-gateway', 0.03),
      hypothesis(4, 'postgres', 0.01),
      // A second hypothesis for payment: distinct services still sum to at most 1.
      { ...hypothesis(5, 'payment', 0.05), cause: 'resource_exhaustion' },
    ],
    blast_radius: ['payment', 'checkout', 'api-gateway'],
    remediation_plan: {
      strategy: 'config_revert',
      target: 'payment',
      predicted_success_rate: 0.85,
      risk_level: 0.2,
      estimated_duration_s: 190,
      actions: ['revert config cfg-42 -> cfg-41 (60s)'],
      rollback_plan: ['re-apply cfg-42'],
    },
    timings_ms: { detect: 1, plan: 1, investigate: 40, decide: 5 },
  };
}

/** Documents that keep every rule, each differing from goodOutput in a way that is allowed. */
export const ALSO_VALID: [string, Mutation][] = [
  [
    'extra fields anywhere',
    (d) => {
      d.summary = 'x';
      d.hypotheses[0].statement = 'y';
      d.root_cause.onset = 1;
      d.remediation_plan.steps = [];
      d.hypotheses[0].evidence[0].log_lr = 2.3;
    },
  ],
  [
    'extra timings',
    (d) => {
      d.timings_ms.act = 12;
      d.timings_ms.report = 0.5;
    },
  ],
  [
    'a false alarm',
    (d) => {
      d.decision = 'observe';
      d.root_cause = null;
      d.remediation_plan = null;
      d.hypotheses = [];
      d.blast_radius = [];
    },
  ],
  [
    'escalation with a plan of strategy none',
    (d) => {
      d.decision = 'escalate';
      d.root_cause = null;
      d.remediation_plan = { ...d.remediation_plan, strategy: 'none', target: null };
    },
  ],
  [
    'an unlisted snake_case mechanism',
    (d) => {
      d.hypotheses[0].mechanism = 'dns_misconfiguration';
      d.root_cause.mechanism = 'dns_misconfiguration';
    },
  ],
  [
    'probabilities summing to exactly 1',
    (d) => {
      d.hypotheses[1].probability = 0.05;
    },
  ],
];

/** [rule, mutation, a fragment every validator's error text must contain]. */
export const INVALID: [string, Mutation, string][] = [
  ['missing incident_id', (d) => delete d.incident_id, 'incident_id'],
  [
    'unknown decision',
    (d) => {
      d.decision = 'panic';
    },
    'decision',
  ],
  ['root_cause missing a field', (d) => delete d.root_cause.confidence, 'confidence'],
  [
    'unknown cause',
    (d) => {
      d.hypotheses[2].cause = 'gremlins';
    },
    'cause',
  ],
  [
    'mechanism not snake_case',
    (d) => {
      d.hypotheses[1].mechanism = 'Error Spike';
    },
    'mechanism',
  ],
  [
    'probability above 1',
    (d) => {
      d.root_cause.probability = 1.2;
    },
    'probability',
  ],
  [
    'negative confidence',
    (d) => {
      d.hypotheses[3].confidence = -0.1;
    },
    'confidence',
  ],
  [
    'rank not an integer',
    (d) => {
      d.hypotheses[1].rank = 1.5;
    },
    'rank',
  ],
  [
    'rank 0',
    (d) => {
      for (const h of d.hypotheses) h.rank -= 1;
    },
    'rank',
  ],
  ['evidence without agent', (d) => delete d.hypotheses[0].evidence[0].agent, 'agent'],
  [
    'evidence weight above 1',
    (d) => {
      d.hypotheses[0].evidence[0].weight = 2;
    },
    'weight',
  ],
  [
    'blast_radius not strings',
    (d) => {
      d.blast_radius = ['a', 3];
    },
    'blast_radius',
  ],
  [
    'unknown strategy',
    (d) => {
      d.remediation_plan.strategy = 'reboot_everything';
    },
    'strategy',
  ],
  ['plan without rollback_plan', (d) => delete d.remediation_plan.rollback_plan, 'rollback_plan'],
  ['timings without decide', (d) => delete d.timings_ms.decide, 'decide'],
  [
    'timing not a number',
    (d) => {
      d.timings_ms.act = 'fast';
    },
    'act',
  ],
  [
    'ranks skip a number',
    (d) => {
      d.hypotheses[2].rank = 4;
      d.hypotheses[3].rank = 5;
      d.hypotheses[4].rank = 6;
    },
    'rank',
  ],
  [
    'hypotheses out of order',
    (d) => {
      d.hypotheses.reverse();
      d.hypotheses.forEach((h: LooseDoc, i: number) => {
        h.rank = 5 - i;
      });
    },
    'rank',
  ],
  [
    'distinct services sum above 1',
    (d) => {
      d.hypotheses[1].probability = 0.0500011;
    },
    'sum',
  ],
  [
    'root_cause differs from rank 1',
    (d) => {
      d.root_cause.service = 'checkout';
    },
    'rank-1',
  ],
  [
    'root_cause without hypotheses',
    (d) => {
      d.decision = 'approve';
      d.hypotheses = [];
    },
    'rank 1',
  ],
  [
    'act without a root cause',
    (d) => {
      d.root_cause = null;
    },
    'root_cause',
  ],
  [
    'act without a plan',
    (d) => {
      d.remediation_plan = null;
    },
    'remediation_plan',
  ],
];
