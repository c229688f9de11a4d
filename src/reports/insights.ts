/**
 * Incident insights from the store's history, in the seed's structure: the success rate of
 * afr's remediations, the common root causes and the effective strategies — plus the MTTR
 * trend, decisions by kind, and a reliability diagram of confidence against outcome. An
 * acted-on or approved incident counts as a success when its remediation was verified
 * (resolved), and as a failure when it escalated after acting.
 */
import type { Store } from '../store/store.js';

export interface IncidentInsights {
  incidents: number;
  /** Of incidents afr remediated, the share verified as resolved; null before any. */
  success_rate: number | null;
  /** [cause, share of incidents with a root cause], most common first. */
  common_root_causes: [string, number][];
  /** [strategy, success rate], by attempts. */
  effective_strategies: [string, number][];
  root_causes: { cause: string; count: number }[];
  strategies: { strategy: string; attempts: number; successes: number }[];
  decisions: Record<string, number>;
  mttr: { t: number; mttr_s: number }[];
  median_mttr_s: number | null;
  calibration: { bin_low: number; bin_high: number; predicted: number; observed: number; count: number }[];
}

export async function generateIncidentInsights(store: Store): Promise<IncidentInsights> {
  const incidents = await store.listIncidents();
  const decisions: Record<string, number> = {};
  const causes = new Map<string, number>();
  const mttr: { t: number; mttr_s: number }[] = [];
  const bins = Array.from({ length: 10 }, (_, i) => ({
    bin_low: i / 10,
    bin_high: (i + 1) / 10,
    predicted: 0,
    observed: 0,
    count: 0,
  }));
  const strategies = new Map<string, { strategy: string; attempts: number; successes: number }>();
  let remediated = 0;
  let resolved = 0;
  for (const incident of incidents) {
    if (incident.decision) decisions[incident.decision] = (decisions[incident.decision] ?? 0) + 1;
    if (incident.cause) causes.set(incident.cause, (causes.get(incident.cause) ?? 0) + 1);
    if (incident.mttr_s !== null) mttr.push({ t: incident.created_at, mttr_s: incident.mttr_s });
    if (incident.decision !== 'act' && incident.decision !== 'approve') continue;
    const actions = await store.getActions(incident.id);
    if (!actions.length) continue;
    const ok = incident.state === 'resolved';
    const finished = ok || incident.state === 'escalated' || incident.state === 'failed';
    if (!finished) continue;
    remediated++;
    if (ok) resolved++;
    const strategy = actions[0]?.strategy ?? 'unknown';
    const entry = strategies.get(strategy) ?? { strategy, attempts: 0, successes: 0 };
    entry.attempts++;
    if (ok) entry.successes++;
    strategies.set(strategy, entry);
    if (incident.confidence !== null) {
      const bin = bins[Math.min(9, Math.floor(incident.confidence * 10))];
      if (bin) {
        bin.count++;
        bin.predicted += incident.confidence;
        bin.observed += ok ? 1 : 0;
      }
    }
  }
  const withCause = [...causes.values()].reduce((a, b) => a + b, 0);
  const sortedMttr = mttr.map((m) => m.mttr_s).sort((a, b) => a - b);
  const byAttempts = [...strategies.values()].sort((a, b) => b.attempts - a.attempts);
  return {
    incidents: incidents.length,
    success_rate: remediated ? resolved / remediated : null,
    common_root_causes: [...causes]
      .sort((a, b) => b[1] - a[1])
      .map(([cause, count]): [string, number] => [cause, count / withCause]),
    root_causes: [...causes].map(([cause, count]) => ({ cause, count })).sort((a, b) => b.count - a.count),
    effective_strategies: byAttempts.map((s): [string, number] => [s.strategy, s.successes / s.attempts]),
    strategies: byAttempts,
    decisions,
    mttr: mttr.sort((a, b) => a.t - b.t),
    median_mttr_s: sortedMttr.length ? (sortedMttr[Math.floor((sortedMttr.length - 1) / 2)] ?? null) : null,
    calibration: bins
      .filter((b) => b.count > 0)
      .map((b) => ({ ...b, predicted: b.predicted / b.count, observed: b.observed / b.count })),
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The seed's layout, for `afr insights`. */
export function renderInsights(i: IncidentInsights): string {
  const lines = [
    `incidents: ${i.incidents}`,
    `success_rate: ${i.success_rate === null ? 'n/a (no remediation yet)' : i.success_rate.toFixed(2)}`,
    'common_root_causes:',
    ...(i.common_root_causes.length
      ? i.common_root_causes.map(([c, s]) => `  (${c.replace(/_/g, ' ')}, ${pct(s)})`)
      : ['  none yet']),
    'effective_strategies:',
    ...(i.strategies.length
      ? i.strategies.map(
          (s) => `  (${s.strategy}, ${pct(s.successes / s.attempts)} success over ${s.attempts})`,
        )
      : ['  none yet']),
    `decisions: ${
      Object.entries(i.decisions)
        .map(([d, n]) => `${d} ${n}`)
        .join(', ') || 'none'
    }`,
    `median MTTR: ${i.median_mttr_s === null ? 'n/a' : `${Math.round(i.median_mttr_s)} s`}`,
  ];
  return `${lines.join('\n')}\n`;
}
