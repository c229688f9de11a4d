/**
 * Settings of the Grafana Tempo trace connector (`traces` with `backend: tempo`). Works with
 * Tempo and Grafana Enterprise Traces; Grafana Cloud Traces takes `username` (the stack's
 * user id) and `password` (a token); a multi-tenant Tempo takes `tenant`.
 */
import { z } from 'zod';
import { checkCredentials, connectionFields } from './connection-options.js';

export const TempoOptionsSchema = z
  .object({
    ...connectionFields,
    /** Sent as `X-Scope-OrgID` to a multi-tenant Tempo. */
    tenant: z.string().min(1).optional(),
    /** `traceql` (`q={resource.service.name="x"}`) or `tags` (`tags=service.name=x`, older Tempo). */
    search: z.enum(['traceql', 'tags']).default('traceql'),
    /** `v1` asks `GET /api/traces/<id>` (every Tempo); `v2` asks `GET /api/v2/traces/<id>`. */
    trace_api: z.enum(['v1', 'v2']).default('v1'),
    /** The resource attribute naming the service, in searches and in spans. */
    service_attribute: z.string().min(1).default('service.name'),
    /** Services searched when a query names none; empty searches every service at once. */
    services: z.array(z.string().min(1)).default([]),
    /** Services searched at most per query. */
    max_services: z.number().int().positive().default(20),
    /** Search results asked per search (`limit`). */
    traces_per_search: z.number().int().positive().default(50),
    /** Traces fetched by id at most per query. */
    max_traces: z.number().int().positive().default(200),
    /** Spans returned at most when the query sets no limit (whole traces are kept). */
    max_spans: z.number().int().positive().default(50_000),
  })
  .superRefine(checkCredentials);
export type TempoOptionsInput = z.input<typeof TempoOptionsSchema>;
export type TempoOptions = z.output<typeof TempoOptionsSchema>;
