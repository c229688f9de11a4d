/**
 * The OpenAPI 3.1 document of afr's HTTP API, served at `/api/v1/openapi.json`. Component
 * schemas are generated from the same zod schemas that validate the data (core types).
 */
import { z } from 'zod';
import {
  ActionSchema,
  AlertSchema,
  CauseSchema,
  FindingSchema,
  HypothesisSchema,
  IncidentReportSchema,
  PhaseRecordSchema,
  RemediationPlanSchema,
  StrategySchema,
  TopologySchema,
} from '../core/index.js';

const COMPONENTS: Record<string, z.ZodType> = {
  Alert: AlertSchema,
  IncidentReport: IncidentReportSchema,
  Finding: FindingSchema,
  Hypothesis: HypothesisSchema,
  RemediationPlan: RemediationPlanSchema,
  Action: ActionSchema,
  PhaseRecord: PhaseRecordSchema,
  Topology: TopologySchema,
  ApproveRequest: z.object({ comment: z.string().optional() }),
  RejectRequest: z.object({ reason: z.string() }),
  OverrideRequest: z.object({
    strategy: StrategySchema.optional().describe("another strategy (default target: the plan's)"),
    target: z.string().optional(),
    root_cause: z
      .union([
        z.string().describe('SERVICE[:cause[:mechanism]]'),
        z.object({ service: z.string(), cause: CauseSchema.optional(), mechanism: z.string().optional() }),
      ])
      .optional()
      .describe('the root cause afr re-plans for (instead of strategy/target)'),
    comment: z.string().optional(),
  }),
  TakeoverRequest: z.object({ reason: z.string().optional() }),
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'output' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema: object = { type: 'object' }) => ({ description, ...json(schema) });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const errors = {
  '400': { description: 'malformed request; the body names the field' },
  '401': { description: 'missing or invalid API token' },
  '403': { description: 'role too low' },
};

export function openApiDocument(version: string): Record<string, unknown> {
  const incidentGet = (summary: string, schema: object = { type: 'object' }) => ({
    get: {
      summary,
      parameters: [idParam],
      responses: { '200': ok(summary, schema), '404': { description: 'no such incident' }, ...errors },
    },
  });
  const decision = (summary: string, body: string, role: string) => ({
    post: {
      summary: `${summary} (${role} role or higher)`,
      parameters: [idParam],
      requestBody: json(ref(body)),
      responses: {
        '200': ok('the incident after the decision'),
        '404': { description: 'no such incident' },
        '409': { description: 'the incident is not in a state that allows this decision' },
        ...errors,
      },
    },
  });
  return {
    openapi: '3.1.0',
    info: { title: 'Autonomous First Responder (afr) API', version },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: Object.fromEntries(
        Object.entries(COMPONENTS).map(([name, schema]) => [name, jsonSchema(schema)]),
      ),
    },
    security: [{ bearer: [] }],
    paths: {
      '/healthz': { get: { summary: 'liveness', security: [], responses: { '200': ok('alive') } } },
      '/readyz': {
        get: {
          summary: 'readiness: store reachable, connector checks ran',
          security: [],
          responses: { '200': ok('ready'), '503': ok('not ready') },
        },
      },
      '/metrics': {
        get: {
          summary: "afr's own Prometheus metrics",
          security: [],
          responses: { '200': { description: 'text format' } },
        },
      },
      '/webhooks/{source}': {
        post: {
          summary:
            'alert intake (alertmanager, grafana, pagerduty, datadog, cloudwatch, generic); auth per source',
          security: [],
          parameters: [{ name: 'source', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': ok('alerts journaled (accepted, duplicates)'),
            '400': { description: 'malformed payload; the body names the field' },
            '401': { description: 'missing credentials' },
            '403': { description: 'wrong credentials or signature' },
            '404': { description: 'no such source' },
            '413': { description: 'body larger than server.body_limit_bytes' },
            '422': { description: 'an alert names no service or severity' },
            '503': { description: 'the store is unavailable: retry' },
          },
        },
      },
      '/api/v1/changes': {
        post: {
          summary: 'record deploys, config changes, flags (approver token or the webhook token)',
          responses: { '202': ok('recorded'), ...errors },
        },
      },
      '/api/v1/me': {
        get: { summary: 'the caller and role', responses: { '200': ok('principal'), ...errors } },
      },
      '/api/v1/incidents': {
        get: {
          summary: 'incidents, newest first',
          parameters: ['state', 'service', 'severity', 'limit', 'offset'].map((name) => ({
            name,
            in: 'query',
            schema: { type: 'string' },
          })),
          responses: { '200': ok('{incidents, total}'), ...errors },
        },
      },
      '/api/v1/incidents/{id}': incidentGet(
        'incident detail with report, phases, findings, hypotheses, plan, actions, metric series (series_error)',
      ),
      '/api/v1/incidents/{id}/timeline': incidentGet('phases and state history'),
      '/api/v1/incidents/{id}/hypotheses': incidentGet('ranked hypotheses with evidence ledgers'),
      '/api/v1/incidents/{id}/evidence': incidentGet('findings of every agent'),
      '/api/v1/incidents/{id}/plan': incidentGet('the remediation plan', ref('RemediationPlan')),
      '/api/v1/incidents/{id}/actions': incidentGet('actions taken'),
      '/api/v1/incidents/{id}/audit': incidentGet("the incident's audit trail"),
      '/api/v1/incidents/{id}/approve': decision(
        'approve the plan and carry it out',
        'ApproveRequest',
        'approver',
      ),
      '/api/v1/incidents/{id}/reject': decision(
        'reject the plan: the incident escalates',
        'RejectRequest',
        'approver',
      ),
      '/api/v1/incidents/{id}/override': decision(
        'carry out another strategy or target, or re-plan for the root cause a human names',
        'OverrideRequest',
        'approver',
      ),
      '/api/v1/incidents/{id}/takeover': decision(
        'a human takes the incident over: afr stops acting on it (state taken_over)',
        'TakeoverRequest',
        'approver',
      ),
      '/api/v1/audit': {
        get: {
          summary: 'the hash-chained audit log and its verification (admin)',
          responses: { '200': ok('entries'), ...errors },
        },
      },
      '/api/v1/insights': {
        get: {
          summary: 'MTTR, decisions, root causes, strategy success, calibration',
          responses: { '200': ok('insights'), ...errors },
        },
      },
      '/api/v1/health/connectors': {
        get: { summary: 'connector and store health', responses: { '200': ok('health'), ...errors } },
      },
      '/api/v1/events': {
        get: {
          summary: 'Server-Sent Events of incident changes (token in header or ?token=)',
          responses: { '200': { description: 'text/event-stream' } },
        },
      },
      '/api/v1/openapi.json': {
        get: { summary: 'this document', security: [], responses: { '200': ok('OpenAPI 3.1') } },
      },
    },
  };
}
