/**
 * `GET /api/v1/insights`: MTTR trend, decisions by kind, common root causes, strategy
 * success rates and a reliability diagram of confidence against outcome. The outcome of an
 * acted-on or approved incident counts as confirmed when its remediation verified
 * (resolved), and as wrong when verification failed and the action was undone.
 */
import type { FastifyInstance } from 'fastify';
import { authorize, type ServerContext } from '../server-context.js';

export function registerInsightRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get('/api/v1/insights', async (request, reply) => {
    if (!authorize(context, request, reply, 'viewer')) return;
    const incidents = await context.store.listIncidents();
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
    for (const incident of incidents) {
      if (incident.decision) decisions[incident.decision] = (decisions[incident.decision] ?? 0) + 1;
      if (incident.cause) causes.set(incident.cause, (causes.get(incident.cause) ?? 0) + 1);
      if (incident.mttr_s !== null) mttr.push({ t: incident.created_at, mttr_s: incident.mttr_s });
    }
    for (const incident of incidents) {
      if (incident.decision !== 'act' && incident.decision !== 'approve') continue;
      const actions = await context.store.getActions(incident.id);
      if (!actions.length) continue;
      const resolved = incident.state === 'resolved';
      const strategy = actions[0]?.strategy ?? 'unknown';
      const entry = strategies.get(strategy) ?? { strategy, attempts: 0, successes: 0 };
      entry.attempts++;
      if (resolved) entry.successes++;
      strategies.set(strategy, entry);
      if (incident.confidence !== null && (resolved || incident.state === 'escalated')) {
        const bin = bins[Math.min(9, Math.floor(incident.confidence * 10))];
        if (bin) {
          bin.count++;
          bin.predicted += incident.confidence;
          bin.observed += resolved ? 1 : 0;
        }
      }
    }
    const sortedMttr = mttr.map((m) => m.mttr_s).sort((a, b) => a - b);
    return {
      mttr: mttr.sort((a, b) => a.t - b.t),
      median_mttr_s: sortedMttr.length ? (sortedMttr[Math.floor((sortedMttr.length - 1) / 2)] ?? null) : null,
      decisions,
      root_causes: [...causes].map(([cause, count]) => ({ cause, count })).sort((a, b) => b.count - a.count),
      strategies: [...strategies.values()],
      calibration: bins
        .filter((b) => b.count > 0)
        .map((b) => ({ ...b, predicted: b.predicted / b.count, observed: b.observed / b.count })),
    };
  });
}
