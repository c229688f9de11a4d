import type { FirstErrorGroup, LogRequestFlows } from '../analysis/logs/log-request-flows.js';
import type { LogRequestFlowFinding } from '../core/index.js';
import { clamp, round } from '../util/stats.js';
import { nextFindingId } from './agent.js';

export interface FlowFindingOptions {
  /** Fewest incident-period failing requests for a first-error service to be reported. */
  minCount: number;
  /** Lengths of the baseline and incident periods, to discount errors that were there before. */
  baselineSeconds: number;
  incidentSeconds: number;
  /** Findings kept at most, strongest first (default 5). */
  maxFindings?: number;
}

/**
 * One finding per service where failing requests first errored. Strength: the service's
 * share of the failing requests, times the certainty its count gives (1 - e^(-n/5)), times
 * how new the errors are (the share not expected from its rate before the incident), times
 * 0.8 when the error did not travel to another service.
 */
export function flowFindings(flows: LogRequestFlows, options: FlowFindingOptions): LogRequestFlowFinding[] {
  const findings: LogRequestFlowFinding[] = [];
  for (const group of flows.groups) {
    if (group.traces < options.minCount) continue;
    const expected = (group.baseline_traces / Math.max(1, options.baselineSeconds)) * options.incidentSeconds;
    const news = clamp(1 - expected / group.traces);
    if (news <= 0) continue;
    const path = group.paths[0]?.path ?? [group.service];
    const travelled = path.length > 1 ? 1 : 0.8;
    const strength = group.share * (1 - Math.exp(-group.traces / 5)) * news * travelled;
    findings.push(toFinding(group, flows.failing_traces, path, strength));
  }
  return findings
    .sort((a, b) => b.strength - a.strength || a.first_error_service.localeCompare(b.first_error_service))
    .slice(0, options.maxFindings ?? 5);
}

function toFinding(
  group: FirstErrorGroup,
  failing: number,
  path: string[],
  strength: number,
): LogRequestFlowFinding {
  return {
    id: nextFindingId('flow'),
    agent: 'logs',
    kind: 'log_request_flow',
    service: group.service,
    summary: `in ${group.traces} of ${failing} failing requests the first error was in ${group.service} (${path.join(' → ')})`,
    strength: round(clamp(strength), 4),
    first_error_service: group.service,
    trace_count: group.traces,
    failing_traces: failing,
    baseline_trace_count: group.baseline_traces,
    share: round(clamp(group.share), 4),
    path,
    paths: group.paths.map((p) => ({ path: p.path, count: p.count })),
    first_seen: group.first_seen,
    last_seen: group.last_seen,
    examples: group.examples,
    trace_ids: group.trace_ids,
  };
}
