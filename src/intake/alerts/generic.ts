/**
 * A generic JSON webhook for senders without a dedicated source. Accepted bodies: one alert,
 * `{"alerts": [...]}`, or a top-level array. Each alert's fields are read at configurable
 * paths (dot paths or JSON pointers); the defaults read:
 *
 *   {"service": "checkout", "severity": "critical", "message": "...", "status": "firing",
 *    "timestamp": "2026-01-01T00:00:00Z", "fingerprint": "abc", "labels": {}, "annotations": {}}
 *
 * status: firing/resolved (and synonyms) — firing when absent; timestamp: Unix seconds or
 * milliseconds, or ISO-8601 — the receive time when absent (then retries are not deduped);
 * fingerprint: computed from labels when absent. Service and severity fall back to labels
 * through the label mapping.
 */
import { z } from 'zod';
import { authenticateRequest } from './auth.js';
import type { AlertDraft } from './build-alert.js';
import { describePath, readPath } from './json-path.js';
import { epochSeconds, isObject, labelText, stringMap } from './payload.js';
import { buildAll, type SourceContext } from './source-context.js';
import {
  type AuthResult,
  intakeError,
  type ParseResult,
  type RawBody,
  type WebhookHeaders,
  type WebhookSource,
} from './types.js';

const path = z.string();

export const GenericFieldsSchema = z.strictObject({
  service: path.default('service'),
  severity: path.default('severity'),
  message: path.default('message'),
  status: path.default('status'),
  timestamp: path.default('timestamp'),
  fingerprint: path.default('fingerprint'),
  labels: path.default('labels'),
  annotations: path.default('annotations'),
});

export const GenericSourceOptionsSchema = z.object({
  /** Where the list of alerts is. Default: `alerts` when it is an array, a top-level array, else one alert. */
  alerts_path: z.string().optional(),
  /** Where each field is inside one alert. */
  fields: GenericFieldsSchema.prefault({}),
  firing_values: z.array(z.string()).default(['firing', 'triggered', 'alerting', 'alarm', 'problem', 'open']),
  resolved_values: z.array(z.string()).default(['resolved', 'ok', 'recovered', 'closed', 'inactive']),
});
export type GenericSourceOptions = z.output<typeof GenericSourceOptionsSchema>;

export class GenericWebhookSource implements WebhookSource {
  readonly kind = 'generic' as const;
  readonly id: string;

  constructor(
    private readonly context: SourceContext,
    private readonly options: GenericSourceOptions,
  ) {
    this.id = context.id;
  }

  async authenticate(rawBody: RawBody, headers: WebhookHeaders): Promise<AuthResult> {
    return authenticateRequest(this.context.auth, rawBody, headers, {
      source: this.id,
      sharedToken: this.context.sharedToken,
      now: this.context.now,
    });
  }

  parse(json: unknown): ParseResult {
    const located = this.locate(json);
    if ('field' in located) return intakeError(located.field, located.message);
    if (located.items.length === 0) return buildAll([], this.context, [], 'the payload holds no alerts');
    const drafts: AlertDraft[] = [];
    for (const [index, item] of located.items.entries()) {
      const base = located.single ? '' : `${located.base}[${index}]`;
      const draft = this.readAlert(item, base);
      if ('field' in draft) return intakeError(draft.field, draft.message);
      drafts.push(draft);
    }
    return buildAll(drafts, this.context);
  }

  private locate(
    json: unknown,
  ): { items: unknown[]; base: string; single: boolean } | { field: string; message: string } {
    const configured = this.options.alerts_path;
    if (configured !== undefined) {
      const list = readPath(json, configured);
      if (!Array.isArray(list))
        return { field: describePath('', configured), message: 'required: expected an array' };
      return { items: list, base: describePath('', configured), single: false };
    }
    if (Array.isArray(json)) return { items: json, base: '', single: false };
    if (!isObject(json)) return { field: '$', message: 'expected a JSON object or array' };
    if (json.alerts !== undefined) {
      if (!Array.isArray(json.alerts)) return { field: 'alerts', message: 'expected an array' };
      return { items: json.alerts, base: 'alerts', single: false };
    }
    return { items: [json], base: '', single: true };
  }

  private readAlert(item: unknown, base: string): AlertDraft | { field: string; message: string } {
    const fields = this.options.fields;
    const where = (field: string) => describePath(base, field);
    if (!isObject(item)) return { field: base || '$', message: 'expected an object' };

    const labels = stringMap(readPath(item, fields.labels));
    if (!labels.ok) return { field: where(fields.labels), message: 'expected an object' };
    const annotations = stringMap(readPath(item, fields.annotations));
    if (!annotations.ok) return { field: where(fields.annotations), message: 'expected an object' };

    const status = this.status(readPath(item, fields.status));
    if (!status) {
      const allowed = [...this.options.firing_values, ...this.options.resolved_values].join(', ');
      return { field: where(fields.status), message: `expected one of ${allowed}` };
    }
    const rawTime = readPath(item, fields.timestamp);
    const startsAt = rawTime === undefined || rawTime === null ? this.context.now() : epochSeconds(rawTime);
    if (startsAt === undefined) {
      return {
        field: where(fields.timestamp),
        message: 'expected Unix seconds/milliseconds or ISO-8601 with a zone',
      };
    }
    const fingerprint = labelText(readPath(item, fields.fingerprint));
    const message = readPath(item, fields.message);
    if (message !== undefined && message !== null && typeof message !== 'string') {
      return { field: where(fields.message), message: 'expected a string' };
    }
    return {
      labelsPath: where(fields.labels),
      labelFields: {},
      labels: labels.map,
      annotations: annotations.map,
      status,
      startsAt,
      fingerprint: fingerprint || undefined,
      message: message || annotations.map.summary || '',
      service: labelText(readPath(item, fields.service)),
      severity: labelText(readPath(item, fields.severity)),
    };
  }

  private status(value: unknown): 'firing' | 'resolved' | undefined {
    if (value === undefined || value === null) return 'firing';
    if (typeof value !== 'string') return undefined;
    const word = value.trim().toLowerCase();
    if (this.options.resolved_values.some((v) => v.toLowerCase() === word)) return 'resolved';
    if (this.options.firing_values.some((v) => v.toLowerCase() === word)) return 'firing';
    return undefined;
  }
}
