import { CommanderAgent, type CommanderOptions } from '../agents/commander.js';
import {
  MemoryChangeSource,
  MemoryLogSource,
  MemoryMetricsSource,
  MemoryTopologySource,
  MemoryTraceSource,
} from '../connectors/memory/index.js';
import type { SimWorld } from '../sim/index.js';

/**
 * Commander options wired to a simulated world: its telemetry through the memory ports,
 * its actuator and its clock. The world's ground truth is never passed on.
 */
export function simulatedCommanderOptions(
  world: SimWorld,
  overrides: CommanderOptions = {},
): CommanderOptions {
  return {
    ports: {
      metrics: new MemoryMetricsSource(world.store, 'simulator-metrics'),
      logs: new MemoryLogSource(world.store, 'simulator-logs'),
      changes: new MemoryChangeSource(world.store, 'simulator-changes'),
      topology: new MemoryTopologySource(world.store, 'simulator-topology'),
      traces: new MemoryTraceSource(world.store, 'simulator-traces'),
    },
    actuator: world.actuator,
    clock: world.clock,
    autoRemediate: true,
    ...overrides,
  };
}

export function simulatedCommander(world: SimWorld, overrides: CommanderOptions = {}): CommanderAgent {
  return new CommanderAgent(simulatedCommanderOptions(world, overrides));
}
