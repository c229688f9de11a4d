/**
 * Settings of the generic webhook actuator (`actuator.backend: webhook`, settings under
 * `integrations.webhook_actuator`): for each strategy it carries out, the HTTP request that
 * applies it and the one that undoes it, as templates over the step's variables (see
 * step-variables.ts). The scheme and host of every URL are fixed in the config: a value
 * from an alert can change a path segment or a query value, never where the request goes.
 * A string body is JSON text whose placeholders must sit inside string literals; a mapping
 * body is sent as JSON with its string leaves rendered (a leaf that is exactly one
 * placeholder keeps the value's type). `dry_run` defaults to true: nothing is sent.
 */
import { z } from 'zod';
import { STRATEGIES } from '../../core/vocabulary.js';
import { HeadersSchema } from '../shared/headers-schema.js';
import { placeholderOutsideJsonString } from './template.js';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** `https://host[:port]` then `/`, `?` or the end: placeholders may only follow the origin. */
const FIXED_ORIGIN = /^https?:\/\/[^/?#{}\s]+(?=[/?#]|$)/;

export const RequestTemplateSchema = z
  .object({
    method: z.enum(HTTP_METHODS).default('POST'),
    url: z
      .string()
      .min(1)
      .refine((url) => FIXED_ORIGIN.test(url), {
        message: 'expected an http(s) URL whose scheme and host hold no {{placeholder}}',
      }),
    headers: HeadersSchema,
    /** JSON: a mapping/list (string leaves templated), or JSON text with placeholders inside strings. */
    body: z
      .unknown()
      .optional()
      .superRefine((body, ctx) => {
        if (typeof body !== 'string') return;
        const outside = placeholderOutsideJsonString(body);
        if (outside) {
          ctx.addIssue({
            code: 'custom',
            message: `{{${outside}}} must be inside a JSON string ("{{${outside}}}"); use a mapping body to send typed values`,
          });
        }
      }),
    /** Sent as application/x-www-form-urlencoded instead of a JSON body. */
    form: z.record(z.string(), z.string()).optional(),
    /** Values kept from the JSON answer for the undo template, as `{{response.<name>}}`: name → dotted path. */
    capture: z.record(z.string(), z.string().min(1)).default({}),
  })
  .refine((r) => r.body === undefined || r.form === undefined, {
    message: 'give either body or form, not both',
    path: ['form'],
  })
  .refine((r) => r.method !== 'GET' || (r.body === undefined && r.form === undefined), {
    message: 'a GET request has no body',
    path: ['method'],
  });

export type RequestTemplate = z.output<typeof RequestTemplateSchema>;

export const StrategyRequestsSchema = z
  .object({
    apply: RequestTemplateSchema,
    undo: RequestTemplateSchema.optional(),
    /** False for an action that needs no undo (a restart): undo then sends nothing. */
    reversible: z.boolean().default(true),
    /** One line for previews and receipts; the request line when absent. */
    summary: z.string().optional(),
  })
  .refine((s) => s.undo !== undefined || !s.reversible, {
    message: 'required unless reversible: false',
    path: ['undo'],
  });

export type StrategyRequests = z.output<typeof StrategyRequestsSchema>;

const ActingStrategySchema = z.enum(STRATEGIES).exclude(['none']);

export const WebhookActuatorOptionsSchema = z.object({
  /** Strategy → its requests; the actuator supports exactly these strategies. */
  strategies: z
    .partialRecord(ActingStrategySchema, StrategyRequestsSchema)
    .refine((s) => Object.keys(s).length > 0, { message: 'configure at least one strategy' }),
  /** A GET whose JSON object answer is `describe()` of a target (revision, replicas...). */
  describe: RequestTemplateSchema.optional(),
  /** Send nothing: apply returns the exact request it would have sent. */
  dry_run: z.boolean().default(true),
  /** Per request. */
  timeout_ms: z.number().positive().default(10_000),
  /** Extra attempts for describe on a transient failure; actions are never retried. */
  retries: z.number().int().min(0).max(5).default(1),
  /** Largest answer read. */
  max_response_bytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
});

export type WebhookActuatorOptions = z.output<typeof WebhookActuatorOptionsSchema>;
export type WebhookActuatorOptionsInput = z.input<typeof WebhookActuatorOptionsSchema>;
