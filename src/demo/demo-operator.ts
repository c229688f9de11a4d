/**
 * The demo operator: a clearly labelled stand-in for the on-call human in `afr demo`. It
 * answers approval requests through CommanderAgent.approve, so each approval is audited as
 * a human decision under its name, after a response time on the simulated clock.
 */
import { z } from 'zod';
import type { CommanderAgent } from '../agents/commander.js';
import type { IncidentReport } from '../core/index.js';
import type { SimWorld } from '../sim/index.js';

export interface DemoOperator {
  /** The name approvals and overrides are audited under. */
  name: string;
  /** Simulated seconds between a request and the operator's answer. */
  responseSeconds: number;
}

export const DemoOperatorSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'expected a name')
    .max(64, 'at most 64 characters')
    .regex(/^[\w.@-]+$/, 'letters, digits, ".", "@", "_" and "-" only'),
  responseSeconds: z.number().min(0).max(3600),
});

export const DEMO_OPERATOR: DemoOperator = { name: 'demo-operator', responseSeconds: 60 };

/** Approves the plan of an incident that waits for a human; false when it was not waiting. */
export async function approveAsOperator(
  agent: CommanderAgent,
  world: SimWorld,
  report: IncidentReport,
  operator: DemoOperator,
): Promise<boolean> {
  if (report.state !== 'awaiting_approval') return false;
  await world.clock.sleep(operator.responseSeconds);
  await agent.approve(report.incident_id, operator.name, 'afr demo: approved by the demo operator');
  return true;
}
