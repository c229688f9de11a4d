import { type Topology, TopologySchema } from '../../core/index.js';
import { BUNDLE_FILES } from './bundle-types.js';
import { parseJsonDocument } from './json-files.js';

/**
 * Parses topology.json: `services` (each with a `name`; tier, criticality and replicas get
 * the core defaults) and `dependencies` (`from` calls `to`). Both lists may be absent.
 */
export function parseTopology(text: string): Topology {
  const { value, fields } = parseJsonDocument(BUNDLE_FILES.topology, text);
  fields.object(value, []);
  const parsed = TopologySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  return fields.fail(path, issue.message);
}

/** topology.json text. */
export function formatTopology(topology: Topology): string {
  return `${JSON.stringify(topology, null, 2)}\n`;
}
