/**
 * What every webhook source is built from: its route id, its auth, its effective label
 * mapping, the shared fallback token and a clock. The registry assembles it from config.
 */
import type { Alert } from '../../core/alert.js';
import type { WebhookAuth } from './auth.js';
import { type AlertDraft, buildAlert } from './build-alert.js';
import type { IntakeMapping } from './mapping.js';
import type { ParseResult } from './types.js';

export interface SourceContext {
  id: string;
  auth?: WebhookAuth;
  mapping: IntakeMapping;
  sharedToken?: string;
  /** Epoch seconds; injected by tests. */
  now: () => number;
}

/** Builds every draft into an alert, stopping at the first that cannot be built. */
export function buildAll(
  drafts: AlertDraft[],
  context: SourceContext,
  warnings: string[] = [],
  ignored?: string,
): ParseResult {
  const alerts: Alert[] = [];
  for (const draft of drafts) {
    const built = buildAlert(draft, context.id, context.mapping);
    if (!built.ok) return { ok: false, error: built.error };
    alerts.push(built.alert);
  }
  return { ok: true, alerts, warnings, ...(ignored ? { ignored } : {}) };
}
