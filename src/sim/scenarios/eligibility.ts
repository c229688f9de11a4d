/**
 * Which services a fault may hit, chosen by their properties (tier, pool, statefulness,
 * callers), never by name, so scenarios work on any topology.
 */
import type { SimService, TopologyGraph } from '../topology/sim-topology.js';

const APP_LANGUAGES = new Set(['java', 'python', 'node', 'go']);
const DATA_TIERS = new Set(['database', 'cache']);

export function hasSyncCallers(graph: TopologyGraph, name: string): boolean {
  return graph.callers(name).some((e) => !e.async);
}

/** Application services (not data stores, not providers) that someone calls. */
export function appServicesWithCallers(graph: TopologyGraph): SimService[] {
  return graph.topology.services.filter(
    (s) =>
      APP_LANGUAGES.has(s.language) &&
      s.tier !== 'external' &&
      !DATA_TIERS.has(s.tier) &&
      hasSyncCallers(graph, s.name),
  );
}

export function poolServices(graph: TopologyGraph): SimService[] {
  return graph.topology.services.filter((s) => (s.pool_size ?? 0) > 0 && s.tier !== 'external');
}

export function externalsWithCallers(graph: TopologyGraph): SimService[] {
  return graph.topology.services.filter((s) => s.tier === 'external' && hasSyncCallers(graph, s.name));
}

export function statefulDatabases(graph: TopologyGraph): SimService[] {
  return graph.topology.services.filter(
    (s) => s.stateful && s.tier !== 'external' && hasSyncCallers(graph, s.name),
  );
}

/** Internal dependencies (caches, databases, backends) that callers wait on. */
export function internalDependencies(graph: TopologyGraph): SimService[] {
  return graph.topology.services.filter(
    (s) => s.tier !== 'external' && s.entry_weight === 0 && hasSyncCallers(graph, s.name),
  );
}

/** Services that emit telemetry. */
export function internalServices(graph: TopologyGraph): SimService[] {
  return graph.topology.services.filter((s) => s.tier !== 'external');
}

/** Fails with a message naming the scenario and what the topology lacks. */
export function requireSome<T>(items: T[], scenario: string, need: string): T[] {
  if (items.length === 0) throw new Error(`scenario ${scenario}: the topology has no ${need}`);
  return items;
}
