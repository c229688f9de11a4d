/**
 * The demo's wrong-strategy case. A deploy brought in a memory leak; afr proposes a
 * rollback, but an on-call engineer (the demo operator) overrides it with a restart, which
 * treats the symptom: the heap is reset and climbs again. Nothing here decides the outcome:
 * the restart runs through the policy gate, the simulator's physics and afr's
 * verification like any action, and whatever the verification finds (a recovery that does
 * not hold is undone and escalated) stands. If the incident escalates, the operator then
 * carries out afr's own proposal.
 */
import type { CommanderAgent } from '../agents/commander.js';
import type { IncidentReport, Strategy } from '../core/index.js';
import type { ScenarioName, SimWorld } from '../sim/index.js';
import type { DemoOperator } from './demo-operator.js';

export const WRONG_STRATEGY_SCENARIO: ScenarioName = 'memory-leak-after-deploy';
export const WRONG_STRATEGY: Strategy = 'restart';

/** Whether the override ran, and whether afr's proposal followed it. */
export interface WrongStrategyRun {
  overridden: boolean;
  followed_by: Strategy | null;
}

export async function overrideWithWrongStrategy(
  agent: CommanderAgent,
  world: SimWorld,
  proposed: IncidentReport,
  operator: DemoOperator,
): Promise<WrongStrategyRun> {
  if (proposed.state !== 'awaiting_approval' && proposed.state !== 'escalated')
    return { overridden: false, followed_by: null };
  const id = proposed.incident_id;
  const plan = proposed.remediation_plan;
  const target = plan?.target ?? proposed.root_cause?.service ?? proposed.alert.service;
  await world.clock.sleep(operator.responseSeconds);
  const first = await agent.override(id, operator.name, {
    strategy: WRONG_STRATEGY,
    target,
    comment: `afr demo: the on-call engineer overrides afr's ${plan?.strategy ?? 'plan'} with a ${WRONG_STRATEGY}`,
  });
  const right = plan?.strategy;
  if (first.incident.state !== 'escalated' || !right || right === 'none' || right === WRONG_STRATEGY)
    return { overridden: true, followed_by: null };
  await world.clock.sleep(operator.responseSeconds);
  await agent.override(id, operator.name, {
    strategy: right,
    target: plan?.target ?? target,
    comment: `afr demo: after the ${WRONG_STRATEGY} did not hold, the operator carries out afr's proposal`,
  });
  return { overridden: true, followed_by: right };
}
