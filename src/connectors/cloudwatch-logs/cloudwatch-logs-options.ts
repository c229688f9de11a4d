/**
 * Settings of the CloudWatch Logs Insights connector (`agents.logs` with
 * `backend: cloudwatch-logs`): region, the log groups to query, and which fields name the
 * service, level, message and trace. Credentials come from the AWS default provider chain
 * (environment, shared config, web identity, instance role) unless given here.
 */
import { z } from 'zod';

const FIELD = z.string().regex(/^[@A-Za-z_][\w.@-]*$/, 'expected a Logs Insights field name');

export const CloudWatchLogsOptionsSchema = z
  .object({
    id: z.string().default('cloudwatch-logs'),
    region: z.string().min(1),
    /** Endpoint override (VPC endpoint, LocalStack, tests). */
    endpoint: z.string().url().optional(),
    access_key_id: z.string().optional(),
    secret_access_key: z.string().optional(),
    session_token: z.string().optional(),
    /** Attempts per API call, first included (the SDK retries throttling and 5xx). */
    max_attempts: z.number().int().min(1).max(10).default(3),
    log_group_names: z.array(z.string().min(1)).min(1).max(50),
    /**
     * `field`: the service is the `fields.service` field of each event. `log_group`: the
     * service is the last segment of the log group name (`/aws/lambda/checkout` → checkout),
     * and a service filter picks the log groups to query.
     */
    service_from: z.enum(['field', 'log_group']).default('field'),
    fields: z
      .object({
        service: FIELD.default('service'),
        level: FIELD.default('level'),
        message: FIELD.default('@message'),
        trace_id: FIELD.default('trace_id'),
        span_id: FIELD.default('span_id'),
      })
      .prefault({}),
    poll_interval_ms: z.number().int().positive().default(1000),
    /** Results per query; Logs Insights returns at most 10,000. */
    page_size: z.number().int().positive().max(10_000).default(10_000),
    /** Bytes of log text kept per search before stopping early. */
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024),
  })
  .superRefine((options, ctx) => {
    if (Boolean(options.access_key_id) !== Boolean(options.secret_access_key)) {
      ctx.addIssue({
        code: 'custom',
        path: ['secret_access_key'],
        message: 'set both access_key_id and secret_access_key',
      });
    }
  });

export type CloudWatchLogsOptions = z.output<typeof CloudWatchLogsOptionsSchema>;
export type CloudWatchLogsOptionsInput = z.input<typeof CloudWatchLogsOptionsSchema>;
