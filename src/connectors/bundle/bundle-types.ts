import type { Severity } from '../../core/index.js';
import type { TelemetryStore } from '../memory/index.js';

/** The value of `format` in manifest.json that this reader understands. */
export const BUNDLE_FORMAT = 'afr-bundle/v1';

/** manifest.json with its timestamps as Unix seconds. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  alert: {
    id: string;
    timestamp: number;
    service: string;
    severity: Severity;
    message: string;
    labels: Record<string, string>;
  };
  window: { start: number; end: number };
}

/** Which optional files a bundle holds; an absent file means no data of that kind. */
export interface BundlePresence {
  topology: boolean;
  metrics: boolean;
  logs: boolean;
  changes: boolean;
  traces: boolean;
}

/** A bundle loaded into memory. */
export interface Bundle {
  dir: string;
  manifest: BundleManifest;
  store: TelemetryStore;
  present: BundlePresence;
}

/** The file names inside a bundle folder. */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  topology: 'topology.json',
  metrics: 'metrics.csv',
  logs: 'logs.jsonl',
  changes: 'changes.jsonl',
  traces: 'traces.jsonl',
} as const;
