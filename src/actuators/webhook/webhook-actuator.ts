/**
 * The generic webhook actuator: carries out each configured strategy by sending its
 * templated HTTP request (Argo Rollouts through the Kubernetes API or a gateway, Rundeck
 * jobs, an internal deploy service...), and undoes it with the strategy's undo request.
 * `plan()` renders the request and sends nothing. `apply()` sends it only when `dry_run` is
 * false; otherwise its receipt holds the exact request it would have sent. Actions are
 * never retried; only `describe` (an optional GET) is. The undo token carries the step's
 * variables and the values captured from the answer, so undo needs nothing else.
 */
import { HttpClient } from '../../connectors/http/http-client.js';
import { noData, type Outcome, type SourceRef } from '../../core/outcome.js';
import type { ActionPreview, ActionReceipt, Actuator, QueryContext } from '../../core/ports.js';
import type { PlanStep } from '../../core/remediation-plan.js';
import type { Strategy } from '../../core/vocabulary.js';
import { ActuationRefused } from '../shared/actuation-refused.js';
import { issuedUndoToken } from '../shared/issued-undo-token.js';
import { httpFailure, runActuation } from '../shared/run-actuation.js';
import { type PlannedRequest, showRequest } from './planned-request.js';
import { renderRequest } from './render-request.js';
import { stepVariables } from './step-variables.js';
import { render, type TemplateValue, type Variables } from './template.js';
import type {
  RequestTemplate,
  StrategyRequests,
  WebhookActuatorOptions,
} from './webhook-actuator-options.js';
import { type WebhookUndoToken, WebhookUndoTokenSchema } from './webhook-undo-token.js';

const KEY = 'integrations.webhook_actuator';

export interface WebhookActuatorDeps {
  fetch?: typeof fetch;
}

interface Sent {
  status: number;
  text: string;
}

export class WebhookActuator implements Actuator {
  readonly id = 'webhook';
  private readonly clients = new Map<string, { reads: HttpClient; actions: HttpClient }>();

  constructor(
    private readonly options: WebhookActuatorOptions,
    private readonly deps: WebhookActuatorDeps = {},
  ) {}

  supports(strategy: Strategy): boolean {
    return strategy !== 'none' && this.options.strategies[strategy] !== undefined;
  }

  describe(target: string, ctx: QueryContext): Promise<Outcome<Record<string, unknown>>> {
    const source: SourceRef = { connector: this.id, query: `describe ${target}` };
    const template = this.options.describe;
    if (!template) return Promise.resolve(noData(source));
    return this.run(source.query, ctx, async () => {
      const request = renderRequest(template, { service: target, target }, `${KEY}.describe`);
      const answer = await this.send(request, 'reads', ctx.signal);
      const described = parseJson(answer.text);
      if (typeof described !== 'object' || described === null || Array.isArray(described)) {
        throw new ActuationRefused('unexpected describe answer: expected a JSON object');
      }
      return described as Record<string, unknown>;
    });
  }

  plan(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionPreview>> {
    return this.run(`plan ${step.strategy} ${step.target}`, ctx, async () => {
      const { requests, field } = this.requestsFor(step.strategy);
      const vars = stepVariables(step);
      const request = renderRequest(requests.apply, vars, `${field}.apply`);
      return {
        summary: `dry run (nothing sent): would ${summaryOf(requests, vars, request, field)}`,
        diff: showRequest(request),
      };
    });
  }

  apply(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`apply ${step.strategy} ${step.target}`, ctx, async () => {
      const { requests, field } = this.requestsFor(step.strategy);
      const variables = stepVariables(step);
      const request = renderRequest(requests.apply, variables, `${field}.apply`);
      const summary = summaryOf(requests, variables, request, field);
      const token: WebhookUndoToken = {
        actuator: 'webhook',
        strategy: step.strategy,
        dry_run: this.options.dry_run,
        variables,
        response: {},
      };
      if (this.options.dry_run) {
        return {
          detail: `DRY RUN (dry_run: true): nothing was sent; would ${summary}:\n${showRequest(request)}`,
          undo_token: token,
        };
      }
      const answer = await this.send(request, 'actions', ctx.signal);
      const captured = capture(requests.apply, answer.text);
      token.response = captured.values;
      const lines = [`${summary}: HTTP ${answer.status}`, showRequest(request), ...captured.notes];
      if (answer.text.trim()) lines.push(`answer: ${excerpt(answer.text)}`);
      return { detail: lines.join('\n'), undo_token: token };
    });
  }

  undo(step: PlanStep, receipt: ActionReceipt, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`undo ${step.strategy} ${step.target}`, ctx, async () => {
      const token = issuedUndoToken(WebhookUndoTokenSchema, receipt, 'webhook');
      if (token.dry_run) {
        return {
          detail: `the ${token.strategy} was a dry run; nothing was sent, nothing to undo`,
          undo_token: null,
        };
      }
      const { requests, field } = this.requestsFor(token.strategy);
      if (!requests.reversible || !requests.undo) {
        return {
          detail: `${token.strategy} is configured as needing no undo (reversible: false); nothing was sent`,
          undo_token: null,
        };
      }
      const vars: Record<string, TemplateValue> = { ...token.variables };
      for (const [name, value] of Object.entries(token.response)) vars[`response.${name}`] = value;
      const request = renderRequest(requests.undo, vars, `${field}.undo`);
      if (this.options.dry_run) {
        return {
          detail: `DRY RUN (dry_run: true): nothing was sent; the undo would send:\n${showRequest(request)}`,
          undo_token: null,
        };
      }
      const answer = await this.send(request, 'actions', ctx.signal);
      const lines = [
        `undid ${token.strategy} of ${token.variables.target}: HTTP ${answer.status}`,
        showRequest(request),
      ];
      if (answer.text.trim()) lines.push(`answer: ${excerpt(answer.text)}`);
      return { detail: lines.join('\n'), undo_token: null };
    });
  }

  private requestsFor(strategy: Strategy): { requests: StrategyRequests; field: string } {
    const requests = strategy === 'none' ? undefined : this.options.strategies[strategy];
    if (!requests) {
      throw new ActuationRefused(`strategy ${strategy} is not configured (${KEY}.strategies.${strategy})`);
    }
    return { requests, field: `${KEY}.strategies.${strategy}` };
  }

  private async send(request: PlannedRequest, kind: 'reads' | 'actions', signal: AbortSignal): Promise<Sent> {
    const url = new URL(request.url);
    const response = await this.clientFor(url.origin)[kind].request(
      {
        method: request.method,
        path: url.pathname + url.search,
        body: request.body,
        headers: request.headers,
      },
      signal,
    );
    return { status: response.status, text: response.text };
  }

  private clientFor(origin: string) {
    let clients = this.clients.get(origin);
    if (!clients) {
      const common = {
        baseUrl: origin,
        timeoutMs: this.options.timeout_ms,
        maxResponseBytes: this.options.max_response_bytes,
        fetch: this.deps.fetch,
      };
      clients = {
        reads: new HttpClient({ ...common, retries: this.options.retries }),
        actions: new HttpClient({ ...common, retries: 0 }),
      };
      this.clients.set(origin, clients);
    }
    return clients;
  }

  private run<T>(query: string, ctx: QueryContext, work: () => Promise<T>): Promise<Outcome<T>> {
    const source: SourceRef = { connector: this.id, query };
    return runActuation(
      { source, callerSignal: ctx.signal, failureOf: httpFailure((error) => `webhook ${error.message}`) },
      work,
    );
  }
}

/** The strategy's `summary` rendered (one line, no control characters), else the request line. */
function summaryOf(
  requests: StrategyRequests,
  vars: Variables,
  request: PlannedRequest,
  field: string,
): string {
  if (!requests.summary) return `send ${request.method} ${request.url}`;
  return render(requests.summary, vars, oneLine, `${field}.summary`);
}

/** The `capture` values found in a JSON answer; a missing one is noted, and the undo will name it. */
function capture(
  template: RequestTemplate,
  text: string,
): { values: Record<string, TemplateValue>; notes: string[] } {
  const values: Record<string, TemplateValue> = {};
  const notes: string[] = [];
  const names = Object.entries(template.capture);
  if (names.length === 0) return { values, notes };
  const answer = parseJson(text);
  for (const [name, path] of names) {
    const value = path.split('.').reduce<unknown>((node, key) => {
      if (node === null || typeof node !== 'object') return undefined;
      return (node as Record<string, unknown>)[key];
    }, answer);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      values[name] = value;
    else
      notes.push(
        `capture ${name}: no scalar at "${path}" in the answer; an undo using {{response.${name}}} will fail`,
      );
  }
  return { values, notes };
}

function oneLine(value: string): string {
  return value.replace(/\p{Cc}+/gu, ' ');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}
