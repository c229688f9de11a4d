/**
 * `POST /webhooks/<source>`: authenticate and parse with the source's receiver, then
 * journal every alert durably (idempotent by its intake key) before answering 2xx, so an
 * accepted alert survives a crash right after. A store that cannot journal answers 503 and
 * the sender retries. The alerts of one request share one received_at and are journaled
 * concurrently (bounded), so on PostgreSQL their round trips and commits overlap (their
 * journal order within the request may differ from the payload's). `POST /api/v1/changes`
 * records deploys and config changes from CI/CD.
 */
import type { FastifyInstance } from 'fastify';
import { handleWebhook } from '../../intake/alerts/handle-webhook.js';
import { intakeKey } from '../../intake/alerts/intake-key.js';
import { createChangesWebhook } from '../../intake/changes/index.js';
import { bearerToken, roleAtLeast } from '../auth.js';
import type { ServerContext } from '../server-context.js';

export function registerIntakeRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post<{ Params: { source: string } }>('/webhooks/:source', async (request, reply) => {
    const source = context.webhookSources[request.params.source];
    if (!source) {
      context.metrics.alertsReceived.inc({ source: 'unknown', result: 'rejected' });
      return reply
        .code(404)
        .send({ error: `source: no webhook source named ${JSON.stringify(request.params.source)}` });
    }
    const headers = lowerCaseHeaders(request.headers);
    const result = await handleWebhook(source, { rawBody: request.body as Buffer, headers });
    if (result.status !== 200) {
      context.metrics.alertsReceived.inc({ source: source.id, result: 'rejected' });
      request.log.warn({ source: source.id, status: result.status, body: result.body }, 'webhook refused');
      return reply.code(result.status).send(result.body);
    }
    const receivedAt = context.now();
    let accepted = 0;
    let duplicates = 0;
    try {
      const outcomes = await context.intake.record(
        result.alerts.map((alert) => ({
          key: intakeKey(alert),
          source: source.id,
          alert,
          received_at: receivedAt,
        })),
      );
      accepted = outcomes.filter((outcome) => outcome === 'new').length;
      duplicates = outcomes.length - accepted;
    } catch (error) {
      // The batch is one transaction: none of this request's alerts was journaled.
      request.log.error({ err: error, source: source.id }, 'could not journal alerts');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: 'the store is unavailable; retry', accepted_before_error: 0 });
    }
    context.metrics.alertsReceived.inc({ source: source.id, result: 'new' }, accepted);
    context.metrics.alertsReceived.inc(
      { source: source.id, result: 'duplicate' },
      duplicates + result.duplicates.length,
    );
    return reply.code(200).send({ ...result.body, accepted, duplicates });
  });

  const changes = createChangesWebhook({ sink: context.webhookChanges, now: context.now });
  app.post('/api/v1/changes', async (request, reply) => {
    const token = bearerToken(request.headers.authorization);
    const principal = context.tokens.identify(token);
    const allowed =
      (principal && roleAtLeast(principal.role, 'approver')) ||
      (token !== undefined && context.changeTokens.includes(token));
    if (!allowed)
      return reply.code(401).send({ error: 'an approver API token or the webhook token is required' });
    const answer = changes((request.body as Buffer).toString('utf8'));
    return reply.code(answer.status).send(answer.body);
  });
}

function lowerCaseHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers))
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
