import type { ChangeEvent, ChangeFinding } from '../core/index.js';
import { formatDuration } from '../core/index.js';
import type { AgentResult, InvestigationAgent, InvestigationContext } from './agent.js';
import { nextFindingId } from './agent.js';
import { burstFinding, changeVelocity } from './change-velocity.js';

export interface DeployAgentOptions {
  /** How far before the window to look for changes, in seconds. */
  lookbackSeconds?: number;
}

/**
 * The deploy intelligence agent: builds the change timeline (deploys, config changes, flags,
 * scaling, infra) around the incident. How suspicious each change is depends on what the
 * other agents saw, so the reasoning engine scores suspicion; this agent reports the facts
 * and a first, timing-only suspicion relative to the alert.
 */
export class DeployIntelligenceAgent implements InvestigationAgent {
  readonly name = 'deploy' as const;
  private readonly lookbackSeconds: number;

  constructor(options: DeployAgentOptions = {}) {
    this.lookbackSeconds = options.lookbackSeconds ?? 2 * 3600;
  }

  async investigate(context: InvestigationContext): Promise<AgentResult> {
    const started = performance.now();
    const source = context.ports.changes;
    if (!source) {
      return {
        agent: 'deploy',
        findings: [],
        observed_services: [],
        sources: [{ source: 'changes', status: 'absent', detail: 'no change source' }],
        duration_ms: performance.now() - started,
      };
    }
    const range = { start: context.plan.window.start - this.lookbackSeconds, end: context.plan.window.end };
    const outcome = await source.changes({ range }, { signal: context.signal });
    if (outcome.kind === 'error') {
      return {
        agent: 'deploy',
        findings: [],
        observed_services: [],
        sources: [{ source: source.id, status: 'error', detail: outcome.message }],
        duration_ms: performance.now() - started,
      };
    }
    const changes = outcome.kind === 'ok' ? outcome.data : [];
    const alertTime = context.alert.timestamp;
    const findings = changes
      .filter((c) => c.timestamp <= context.plan.window.end)
      .map((change) => changeFinding(change, alertTime));
    const velocity = changeVelocity(
      changes,
      { start: range.start, end: context.plan.window.start },
      context.plan.window,
    );
    const burst = burstFinding(velocity);
    if (burst) findings.push(burst);
    return {
      agent: 'deploy',
      findings,
      // A change source answers for every service: no change is a fact too.
      observed_services: context.plan.services,
      sources: [
        {
          source: source.id,
          status: 'ok',
          detail: `${changes.length} changes; ${velocity.window_per_hour}/h in the window, ${velocity.baseline_per_hour}/h before`,
        },
      ],
      duration_ms: performance.now() - started,
    };
  }
}

/** Timing-only suspicion: a change in the hour before the alert is suspect, decaying with age. */
function changeFinding(change: ChangeEvent, alertTime: number): ChangeFinding {
  const age = alertTime - change.timestamp;
  const suspicion = age < 0 ? 0.05 : Math.exp(-age / 1800);
  const what = change.description ? `: ${change.description}` : change.version ? ` ${change.version}` : '';
  const when =
    age >= 0 ? `${formatDuration(age)} before the alert` : `${formatDuration(-age)} after the alert`;
  return {
    id: nextFindingId('chg'),
    agent: 'deploy',
    kind: 'change',
    service: change.service,
    summary: `${change.kind} on ${change.service}${what}, ${when}`,
    strength: Math.round(suspicion * 1000) / 1000,
    change_kind: change.kind,
    timestamp: change.timestamp,
    version: change.version,
    previous_version: change.previous_version,
    description: change.description,
    seconds_before_onset: null,
    suspicion: Math.round(suspicion * 1000) / 1000,
  };
}
