/**
 * Settings of the Jaeger trace connector (`traces` with `backend: jaeger`): the address of
 * jaeger-query (port 16686 by default, with any `--query.base-path` prefix in `url`).
 */
import { z } from 'zod';
import { checkCredentials, connectionFields } from '../tempo/connection-options.js';

export const JaegerOptionsSchema = z
  .object({
    ...connectionFields,
    /**
     * `internal`: the JSON API the Jaeger UI uses (`/api/traces`, `/api/services`), served by
     * Jaeger v1 and v2. `v3`: the stable OTLP-based JSON API (`/api/v3/traces`).
     */
    api: z.enum(['internal', 'v3']).default('internal'),
    /**
     * A process tag (internal API) or resource attribute (v3) naming the service, such as
     * `k8s.deployment.name`; the Jaeger service name when absent or missing on a span.
     * Queries still name Jaeger services.
     */
    service_tag: z.string().min(1).optional(),
    /** Services queried when a query names none; empty asks Jaeger for its service list. */
    services: z.array(z.string().min(1)).default([]),
    /** Services queried at most per query. */
    max_services: z.number().int().positive().default(20),
    /** Traces asked per service (`limit` / `query.num_traces`). */
    traces_per_service: z.number().int().positive().default(50),
    /** Spans returned at most when the query sets no limit (whole traces are kept). */
    max_spans: z.number().int().positive().default(50_000),
  })
  .superRefine(checkCredentials);
export type JaegerOptionsInput = z.input<typeof JaegerOptionsSchema>;
export type JaegerOptions = z.output<typeof JaegerOptionsSchema>;
