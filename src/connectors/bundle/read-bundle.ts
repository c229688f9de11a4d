import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataPorts } from '../../core/index.js';
import {
  MemoryChangeSource,
  MemoryLogSource,
  MemoryMetricsSource,
  MemoryTopologySource,
  MemoryTraceSource,
  TelemetryStore,
} from '../memory/index.js';
import { BundleError } from './bundle-error.js';
import { BUNDLE_FILES, type Bundle } from './bundle-types.js';
import { readChangesJsonl } from './changes-jsonl.js';
import { readLogsJsonl } from './logs-jsonl.js';
import { parseManifest } from './manifest.js';
import { readMetricsCsv } from './metrics-csv-reader.js';
import { parseTopology } from './topology-json.js';
import { readTracesJsonl } from './traces-jsonl.js';

/** The text of a bundle file, or undefined when the file does not exist. */
async function readOptional(dir: string, file: string): Promise<string | undefined> {
  try {
    return await readFile(join(dir, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new BundleError(file, `cannot read: ${(error as Error).message}`);
  }
}

/**
 * Loads an incident bundle (afr-bundle/v1) from a folder. Only manifest.json is required;
 * every other file is optional and its absence means "no data of that kind".
 *
 * @throws BundleError naming the file, line and field of the first problem found.
 * @example
 * const bundle = await readBundle('incidents/INC-2024-001');
 * const ports = bundlePorts(bundle);
 */
export async function readBundle(dir: string): Promise<Bundle> {
  const [manifestText, topologyText, metricsText, logsText, changesText, tracesText] = await Promise.all(
    [
      BUNDLE_FILES.manifest,
      BUNDLE_FILES.topology,
      BUNDLE_FILES.metrics,
      BUNDLE_FILES.logs,
      BUNDLE_FILES.changes,
      BUNDLE_FILES.traces,
    ].map((file) => readOptional(dir, file)),
  );
  if (manifestText === undefined) {
    throw new BundleError(BUNDLE_FILES.manifest, `missing: not found in bundle folder ${dir}`);
  }
  const manifest = parseManifest(manifestText);
  const store = new TelemetryStore();
  if (topologyText !== undefined) store.topology = parseTopology(topologyText);
  if (metricsText !== undefined) readMetricsCsv(metricsText, store);
  if (logsText !== undefined) readLogsJsonl(logsText, store);
  if (changesText !== undefined) readChangesJsonl(changesText, store);
  if (tracesText !== undefined) readTracesJsonl(tracesText, store);
  store.sortAll();
  return {
    dir,
    manifest,
    store,
    present: {
      topology: topologyText !== undefined,
      metrics: metricsText !== undefined,
      logs: logsText !== undefined,
      changes: changesText !== undefined,
      traces: tracesText !== undefined,
    },
  };
}

/**
 * The data ports an investigation of this bundle reads: in-memory ports over its store, one
 * for each file the bundle holds. A missing file leaves its port undefined, so the
 * investigation reports the gap instead of treating it as "nothing happened".
 */
export function bundlePorts(bundle: Bundle): DataPorts {
  const { store, present } = bundle;
  const ports: DataPorts = {};
  if (present.metrics) ports.metrics = new MemoryMetricsSource(store, 'bundle-metrics');
  if (present.logs) ports.logs = new MemoryLogSource(store, 'bundle-logs');
  if (present.changes) ports.changes = new MemoryChangeSource(store, 'bundle-changes');
  if (present.topology) ports.topology = new MemoryTopologySource(store, 'bundle-topology');
  if (present.traces) ports.traces = new MemoryTraceSource(store, 'bundle-traces');
  return ports;
}
