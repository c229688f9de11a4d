/** The incidents API: listing, detail and its parts, audit, and human decisions. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  DecisionConflictError,
  DecisionInputError,
  IncidentNotFoundError,
} from '../../agents/human-decisions.js';
import {
  checkRootCauseChoice,
  parseRootCause,
  type RootCauseChoice,
} from '../../agents/root-cause-choice.js';
import { INCIDENT_STATES, SeveritySchema, STRATEGIES, type Strategy } from '../../core/index.js';
import {
  REPORT_CONTENT_TYPES,
  REPORT_FORMATS,
  type ReportFormat,
  renderIncidentPostmortem,
} from '../../reports/index.js';
import { incidentSeries } from '../incident-series.js';
import { authorize, type ServerContext } from '../server-context.js';

const ListQuery = z.strictObject({
  state: z.enum(INCIDENT_STATES).optional(),
  service: z.string().min(1).optional(),
  severity: SeveritySchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  token: z.string().optional(),
});

const ApproveBody = z.strictObject({ comment: z.string().max(2000).optional() }).default({});
const RejectBody = z.strictObject({ reason: z.string().min(1, 'required').max(2000) });
/** `SERVICE[:cause[:mechanism]]`, or the same as fields; the message names the wrong part. */
const RootCauseField = z.unknown().transform((value, ctx): RootCauseChoice => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (typeof value === 'string') {
    try {
      return parseRootCause(value);
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('expected "SERVICE[:cause[:mechanism]]" or {service, cause, mechanism}');
  const { service, cause, mechanism, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown) return fail(`unknown field ${unknown}`);
  const choice = {
    service,
    ...(cause === undefined ? {} : { cause }),
    ...(mechanism === undefined ? {} : { mechanism }),
  } as RootCauseChoice;
  const problem = checkRootCauseChoice(choice);
  return problem ? fail(problem) : choice;
});
/** Either another strategy (and target), or the root cause afr should re-plan for. */
const OverrideBody = z
  .strictObject({
    strategy: z.enum(STRATEGIES.filter((s) => s !== 'none') as [Strategy, ...Strategy[]]).optional(),
    target: z.string().min(1, 'required').optional(),
    root_cause: RootCauseField.optional(),
    comment: z.string().max(2000).optional(),
  })
  .superRefine((body, ctx) => {
    if (!body.strategy && !body.root_cause)
      ctx.addIssue({ code: 'custom', path: ['strategy'], message: 'required (or root_cause)' });
    if (body.root_cause && (body.strategy || body.target))
      ctx.addIssue({
        code: 'custom',
        path: ['root_cause'],
        message: 'give either root_cause or strategy/target',
      });
  });
const TakeoverBody = z.strictObject({ reason: z.string().max(2000).optional() }).default({});

type IdParams = { Params: { id: string } };

export function registerIncidentRoutes(app: FastifyInstance, context: ServerContext): void {
  const { store } = context;

  app.get('/api/v1/incidents', async (request, reply) => {
    if (!authorize(context, request, reply, 'viewer')) return;
    const query = ListQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send(zodError(query.error));
    const { limit, offset, state, service, severity } = query.data;
    const filter = { state, service, severity };
    const [incidents, all] = await Promise.all([
      store.listIncidents({ ...filter, limit, offset }),
      store.listIncidents(filter),
    ]);
    return { incidents, total: all.length };
  });

  app.get<IdParams>('/api/v1/incidents/:id', async (request, reply) => {
    if (!authorize(context, request, reply, 'viewer')) return;
    const id = request.params.id;
    const incident = await store.getIncident(id);
    if (!incident) return reply.code(404).send({ error: `no incident ${id}` });
    const [report, phases, findings, hypotheses, plan, actions, state_history] = await Promise.all([
      store.getReport(id),
      store.getPhases(id),
      store.getFindings(id),
      store.getHypotheses(id),
      store.getPlan(id),
      store.getActions(id),
      store.getStateHistory(id),
    ]);
    const [topology, evidence] = await Promise.all([
      context.ports.ports.topology?.topology({ signal: AbortSignal.timeout(2000) }),
      incidentSeries(
        {
          metrics: context.investigationMetrics,
          incident,
          report,
          findings,
          stateHistory: state_history,
          now: context.now(),
        },
        context.seriesLimits,
      ),
    ]);
    return {
      incident,
      report: report ?? null,
      phases,
      findings,
      hypotheses,
      plan: plan ?? null,
      actions,
      state_history,
      topology: topology?.kind === 'ok' ? topology.data : null,
      series: evidence.series,
      series_error: evidence.series_error,
      changes: findings.filter((f) => f.kind === 'change'),
    };
  });

  const part = (path: string, read: (id: string) => Promise<unknown>) =>
    app.get<IdParams>(`/api/v1/incidents/:id/${path}`, async (request, reply) => {
      if (!authorize(context, request, reply, 'viewer')) return;
      if (!(await store.getIncident(request.params.id)))
        return reply.code(404).send({ error: `no incident ${request.params.id}` });
      return read(request.params.id);
    });
  part('timeline', async (id) => ({
    phases: await store.getPhases(id),
    state_history: await store.getStateHistory(id),
  }));
  part('hypotheses', async (id) => ({ hypotheses: await store.getHypotheses(id) }));
  part('evidence', async (id) => ({ findings: await store.getFindings(id) }));
  part('plan', async (id) => ({ plan: (await store.getPlan(id)) ?? null }));
  part('actions', async (id) => ({ actions: await store.getActions(id) }));
  part('audit', async (id) => ({ entries: await store.listAudit({ incident_id: id }) }));

  app.get<IdParams>('/api/v1/incidents/:id/report', async (request, reply) => {
    if (!authorize(context, request, reply, 'viewer')) return;
    const format = (request.query as { format?: string }).format ?? 'md';
    if (!(REPORT_FORMATS as readonly string[]).includes(format))
      return reply.code(400).send({ error: `format: expected one of ${REPORT_FORMATS.join(', ')}` });
    const text = await renderIncidentPostmortem(store, request.params.id, format as ReportFormat);
    if (text === undefined)
      return reply.code(404).send({ error: `no report for incident ${request.params.id} (yet)` });
    return reply.header('content-type', REPORT_CONTENT_TYPES[format as ReportFormat]).send(text);
  });

  app.get('/api/v1/audit', async (request, reply) => {
    if (!authorize(context, request, reply, 'admin')) return;
    const query = z
      .strictObject({
        after_seq: z.coerce.number().int().min(0).optional(),
        limit: z.coerce.number().int().min(1).max(5000).default(500),
      })
      .safeParse(request.query);
    if (!query.success) return reply.code(400).send(zodError(query.error));
    return { entries: await store.listAudit(query.data), verification: await store.verifyAudit() };
  });

  app.get('/api/v1/me', async (request, reply) => {
    const principal = authorize(context, request, reply, 'viewer');
    if (!principal) return;
    return principal;
  });

  const decide = <B extends z.ZodType>(
    path: string,
    body: B,
    run: (id: string, actor: string, input: z.output<B>) => Promise<{ incident: unknown; outcome: string }>,
  ) =>
    app.post<IdParams>(`/api/v1/incidents/:id/${path}`, async (request, reply) => {
      const principal = authorize(context, request, reply, 'approver');
      if (!principal) return;
      const raw =
        request.body === undefined || (request.body as Buffer).length === 0
          ? undefined
          : parseJson(request.body as Buffer);
      if (raw instanceof Error) return reply.code(400).send({ error: `body: ${raw.message}` });
      const input = body.safeParse(raw);
      if (!input.success) return reply.code(400).send(zodError(input.error));
      try {
        const result = await run(request.params.id, principal.name, input.data);
        return { incident: result.incident, outcome: result.outcome };
      } catch (error) {
        if (error instanceof IncidentNotFoundError) return reply.code(404).send({ error: error.message });
        if (error instanceof DecisionConflictError) return reply.code(409).send({ error: error.message });
        if (error instanceof DecisionInputError) return reply.code(400).send({ error: error.message });
        throw error;
      }
    });
  decide('approve', ApproveBody, (id, actor, input) => context.commander.approve(id, actor, input.comment));
  decide('reject', RejectBody, (id, actor, input) => context.commander.reject(id, actor, input.reason));
  decide('override', OverrideBody, (id, actor, { root_cause, strategy, target, comment }) =>
    root_cause
      ? context.commander.overrideRootCause(id, actor, { ...root_cause, comment })
      : context.commander.override(id, actor, { strategy: strategy as Strategy, target, comment }),
  );
  decide('takeover', TakeoverBody, (id, actor, input) => context.commander.takeover(id, actor, input.reason));
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    return new Error(`invalid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

export function zodError(error: z.ZodError): { error: string; issues: { path: string; message: string }[] } {
  const issues = error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
  return { error: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues };
}
