import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TelemetryStore } from '../memory/index.js';
import { BUNDLE_FILES, type BundleManifest } from './bundle-types.js';
import { formatChangesJsonl } from './changes-jsonl.js';
import { formatLogsJsonl } from './logs-jsonl.js';
import { checkManifest, manifestToJson } from './manifest.js';
import { formatMetricsCsv } from './metrics-csv-writer.js';
import { FieldReader } from './record-fields.js';
import { formatTopology } from './topology-json.js';
import { formatTracesJsonl } from './traces-jsonl.js';

/**
 * Writes a bundle folder (created if needed) that `readBundle` loads back: manifest.json
 * with ISO timestamps, topology.json when the store has one, and metrics.csv, logs.jsonl,
 * changes.jsonl and traces.jsonl holding only what falls inside the manifest window. A file
 * with nothing to hold is left out, and removed if an earlier write left one behind, so the
 * folder always describes this store alone.
 *
 * @throws BundleError when the manifest would not read back (a bad window or severity).
 * @example
 * await writeBundle('out/INC-7', { manifest, store: world.telemetry });
 */
export async function writeBundle(
  dir: string,
  bundle: { manifest: BundleManifest; store: TelemetryStore },
): Promise<void> {
  const { manifest, store } = bundle;
  const manifestJson = manifestToJson(manifest);
  checkManifest(manifestJson, new FieldReader(BUNDLE_FILES.manifest, () => undefined));
  const { window } = manifest;
  const contents: Record<string, string | undefined> = {
    [BUNDLE_FILES.manifest]: `${JSON.stringify(manifestJson, null, 2)}\n`,
    [BUNDLE_FILES.topology]: store.topology ? formatTopology(store.topology) : undefined,
    [BUNDLE_FILES.metrics]: formatMetricsCsv(store, window),
    [BUNDLE_FILES.logs]: formatLogsJsonl(store, window),
    [BUNDLE_FILES.changes]: formatChangesJsonl(store, window),
    [BUNDLE_FILES.traces]: formatTracesJsonl(store, window),
  };
  await mkdir(dir, { recursive: true });
  await Promise.all(
    Object.entries(contents).map(([file, text]) =>
      text === undefined ? rm(join(dir, file), { force: true }) : writeFile(join(dir, file), text, 'utf8'),
    ),
  );
}
