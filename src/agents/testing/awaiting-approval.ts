/**
 * An incident awaiting approval on a simulated world: the Commander's thresholds force
 * every decision to "approve" (confidence between 0 and 1.01), so a test can then approve,
 * reject, override, take over or let the request expire.
 */
import { simulatedCommanderOptions } from '../../demo/simulated-commander.js';
import type { ScenarioName } from '../../sim/index.js';
import { createSimWorld } from '../../sim/world.js';
import { MemoryStore } from '../../store/memory-store.js';
import { CommanderAgent, type CommanderOptions } from '../commander.js';

export async function awaitingApproval(scenario: ScenarioName, seed = 1, overrides: CommanderOptions = {}) {
  const world = createSimWorld({ scenario, seed });
  const alert = world.runUntilAlert();
  if (!alert) throw new Error('no alert');
  const store = new MemoryStore();
  const commander = new CommanderAgent({
    ...simulatedCommanderOptions(world),
    store,
    confidenceThreshold: 1.01,
    approvalThreshold: 0,
    ...overrides,
  });
  const report = await commander.handleAlert(alert);
  return { world, commander, store, report };
}
