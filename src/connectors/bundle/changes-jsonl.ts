import { CHANGE_KINDS, type ChangeEvent, type TimeRange } from '../../core/index.js';
import type { TelemetryStore } from '../memory/index.js';
import { BUNDLE_FILES } from './bundle-types.js';
import { forEachJsonLine } from './json-files.js';
import { formatJsonLines } from './jsonl-lines.js';

const OPTIONAL_FIELDS = ['version', 'previous_version', 'description', 'author', 'id'] as const;

/**
 * Loads changes.jsonl. Each line needs `timestamp`, `service` and a `kind` from the spec
 * (case-insensitive); `version`, `previous_version`, `description`, `author` and `id` are
 * optional.
 */
export function readChangesJsonl(text: string, store: TelemetryStore): void {
  forEachJsonLine(BUNDLE_FILES.changes, text, (row, fields) => {
    const change: ChangeEvent = {
      timestamp: fields.timestamp(row, ['timestamp']),
      service: fields.string(row, ['service']),
      kind: fields.oneOf(row, ['kind'], CHANGE_KINDS),
    };
    for (const name of OPTIONAL_FIELDS) {
      const value = fields.optionalString(row, [name]);
      if (value !== undefined) change[name] = value;
    }
    store.addChange(change);
  });
}

/** changes.jsonl text for the changes inside `window`; undefined when there are none. */
export function formatChangesJsonl(store: TelemetryStore, window: TimeRange): string | undefined {
  return formatJsonLines(
    store.changes,
    window,
    (change) => change.timestamp,
    (change) => {
      const out: Record<string, unknown> = {
        timestamp: change.timestamp,
        service: change.service,
        kind: change.kind,
      };
      for (const name of OPTIONAL_FIELDS) out[name] = change[name];
      return out;
    },
  );
}
