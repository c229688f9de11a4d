/** One analysed bundle, scored against its ground truth. */
export interface EvalRecord {
  bundle: string;
  truth: {
    service: string | null;
    cause: string | null;
    mechanism: string | null;
    remediation: string | null;
  };
  decision: string;
  /** Services in rank order. */
  ranked: string[];
  root_cause: { service: string; cause: string; confidence: number } | null;
  strategy: string;
  raw_confidence: number;
  latency_ms: number;
}

export interface EvalMetrics {
  bundles: number;
  faulty: number;
  false_alarms: number;
  ac_at_1: number;
  ac_at_3: number;
  avg_at_5: number;
  cause_at_1: number;
  strategy_accuracy: number;
  /** Autonomous actions on a wrong service or on a false alarm. */
  false_acts: number;
  /** Share of false alarms on which afr named a root cause and did not observe. */
  false_positive_rate: number;
  decision_rates: Record<string, number>;
  act_rate_on_faulty: number;
  /** Expected calibration error of the top-1 confidence (10 equal-width bins). */
  ece: number;
  latency_ms: { p50: number; p99: number };
}

/** AC@k: the true service is among the top k. Avg@5: the mean of AC@1..AC@5. */
export function computeEvalMetrics(records: readonly EvalRecord[]): EvalMetrics {
  const faulty = records.filter((r) => r.truth.service !== null);
  const falseAlarms = records.filter((r) => r.truth.service === null);
  const acAt = (k: number) =>
    faulty.length
      ? faulty.filter((r) => r.ranked.slice(0, k).includes(r.truth.service!)).length / faulty.length
      : 0;
  const decisions: Record<string, number> = {};
  for (const r of records) decisions[r.decision] = (decisions[r.decision] ?? 0) + 1;
  for (const key of Object.keys(decisions)) decisions[key] /= records.length || 1;
  const rightService = (r: EvalRecord) => r.root_cause?.service === r.truth.service;
  const falseActs = records.filter(
    (r) => r.decision === 'act' && (r.truth.service === null || !rightService(r)),
  ).length;
  const claims = records
    .filter((r) => r.root_cause !== null)
    .map((r) => ({ confidence: r.root_cause!.confidence, correct: rightService(r) }));
  const latencies = records.map((r) => r.latency_ms).sort((a, b) => a - b);
  const q = (p: number) =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : 0;
  return {
    bundles: records.length,
    faulty: faulty.length,
    false_alarms: falseAlarms.length,
    ac_at_1: acAt(1),
    ac_at_3: acAt(3),
    avg_at_5: [1, 2, 3, 4, 5].reduce((sum, k) => sum + acAt(k), 0) / 5,
    cause_at_1: faulty.length
      ? faulty.filter((r) => rightService(r) && r.root_cause?.cause === r.truth.cause).length / faulty.length
      : 0,
    strategy_accuracy: records.length
      ? records.filter((r) =>
          r.truth.service === null
            ? r.decision !== 'act'
            : rightService(r) && r.strategy === r.truth.remediation,
        ).length / records.length
      : 0,
    false_acts: falseActs,
    false_positive_rate: falseAlarms.length
      ? falseAlarms.filter((r) => r.root_cause !== null && r.decision !== 'observe').length /
        falseAlarms.length
      : 0,
    decision_rates: decisions,
    act_rate_on_faulty: faulty.length ? faulty.filter((r) => r.decision === 'act').length / faulty.length : 0,
    ece: expectedCalibrationError(claims),
    latency_ms: { p50: q(0.5), p99: q(0.99) },
  };
}

export function expectedCalibrationError(
  claims: readonly { confidence: number; correct: boolean }[],
  bins = 10,
): number {
  if (claims.length === 0) return 0;
  const totals = Array.from({ length: bins }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const c of claims) {
    const bin = totals[Math.min(bins - 1, Math.floor(c.confidence * bins))];
    bin.n++;
    bin.confidence += c.confidence;
    bin.correct += c.correct ? 1 : 0;
  }
  let ece = 0;
  for (const b of totals)
    if (b.n) ece += (b.n / claims.length) * Math.abs(b.correct / b.n - b.confidence / b.n);
  return ece;
}
