import type { Finding, SourceErrorFinding } from '../core/index.js';
import { isTimeoutError, raceSignal } from '../util/concurrency.js';
import type { AgentResult, InvestigationAgent, InvestigationContext } from './agent.js';
import { nextFindingId } from './agent.js';

/**
 * INVESTIGATE: runs the agents in parallel or in sequence, each under its own deadline.
 * An agent that throws or times out yields a source_error finding; it never fails the
 * investigation.
 */
export async function runAgents(
  agents: readonly InvestigationAgent[],
  base: Omit<InvestigationContext, 'signal'>,
): Promise<AgentResult[]> {
  const runOne = (agent: InvestigationAgent) => runWithDeadline(agent, base);
  if (base.plan.mode === 'parallel') return Promise.all(agents.map(runOne));
  const results: AgentResult[] = [];
  for (const agent of agents) results.push(await runOne(agent));
  return results;
}

async function runWithDeadline(
  agent: InvestigationAgent,
  base: Omit<InvestigationContext, 'signal'>,
): Promise<AgentResult> {
  const deadline = base.plan.deadlines_ms[agent.name] ?? 5000;
  const signal = AbortSignal.timeout(deadline);
  const started = performance.now();
  try {
    return await raceSignal(agent.investigate({ ...base, signal }), signal);
  } catch (error) {
    const timeout = isTimeoutError(error) || signal.aborted;
    const message = timeout
      ? `${agent.name} agent timed out after ${deadline} ms`
      : `${agent.name} agent failed: ${error instanceof Error ? error.message : String(error)}`;
    const finding: SourceErrorFinding = {
      id: nextFindingId('err'),
      agent: agent.name,
      kind: 'source_error',
      service: null,
      summary: message,
      strength: 0,
      source: agent.name,
      status: timeout ? 'timeout' : 'error',
      message,
    };
    return {
      agent: agent.name,
      findings: [finding as Finding],
      observed_services: [],
      sources: [{ source: agent.name, status: timeout ? 'timeout' : 'error', detail: message }],
      duration_ms: performance.now() - started,
    };
  }
}
