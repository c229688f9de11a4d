import type { AgentName, Alert, DataPorts, InvestigationPlan, Topology } from '../core/index.js';
import { isUrgent } from '../core/index.js';

export interface PlanningOptions {
  windowMinutes: number;
  /** Total INVESTIGATE deadline; each agent gets it in parallel mode, a share in sequential mode. */
  deadlineMs: number;
  /** End of the data to read (now, or a bundle's window end). */
  dataEnd: number;
  /** Explicit window start (a bundle's), else `windowMinutes` before the alert. */
  dataStart?: number;
  /** Scope is the alerting service's neighbourhood when the topology is larger than this. */
  maxScope?: number;
}

/**
 * PLAN: decides how to investigate. Critical and high alerts run every agent in parallel;
 * medium and low run them one after another (cheaper on the backends). The scope is the
 * whole topology when it is small, else the alerting service's call neighbourhood.
 */
export function planInvestigation(
  alert: Alert,
  topology: Topology | undefined,
  ports: DataPorts,
  options: PlanningOptions,
): InvestigationPlan {
  const urgent = isUrgent(alert.severity);
  const start = options.dataStart ?? alert.timestamp - options.windowMinutes * 60;
  const end = Math.max(options.dataEnd, alert.timestamp);
  const services = scope(alert.service, topology, options.maxScope ?? 300);
  const agents: AgentName[] = ['metrics', 'logs', 'deploy'];
  if (ports.traces) agents.push('traces');
  const share = urgent ? options.deadlineMs : Math.floor(options.deadlineMs / agents.length);
  const dataSources = [
    ports.metrics && `metrics:${ports.metrics.id}`,
    ports.logs && `logs:${ports.logs.id}`,
    ports.changes && `changes:${ports.changes.id}`,
    ports.topology && `topology:${ports.topology.id}`,
    ports.traces && `traces:${ports.traces.id}`,
  ].filter((s): s is string => Boolean(s));
  return {
    mode: urgent ? 'parallel' : 'sequential',
    agents,
    services,
    window: { start, end },
    baseline_end: start + 0.5 * Math.max(0, alert.timestamp - start),
    deadlines_ms: Object.fromEntries(agents.map((a) => [a, share])),
    data_sources: dataSources,
    rationale: `${alert.severity} alert on ${alert.service}: ${urgent ? 'all agents in parallel' : 'agents in sequence'} over ${services.length || 'all'} services, ${Math.round((end - start) / 60)} min of data`,
  };
}

function scope(service: string, topology: Topology | undefined, maxScope: number): string[] {
  if (!topology || topology.services.length === 0) return [];
  const names = topology.services.map((s) => s.name);
  if (names.length <= maxScope) return names;
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!neighbours.has(a)) neighbours.set(a, new Set());
    neighbours.get(a)!.add(b);
  };
  for (const d of topology.dependencies) {
    link(d.from, d.to);
    link(d.to, d.from);
  }
  const seen = new Set([service]);
  let frontier = [service];
  while (frontier.length && seen.size < maxScope) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const n of neighbours.get(node) ?? []) {
        if (!seen.has(n) && seen.size < maxScope) {
          seen.add(n);
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  return [...seen];
}
