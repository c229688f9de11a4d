/**
 * `POST /integrations/slack/interactions`: Slack's interactivity request URL. The Approve
 * and Reject buttons of afr's Slack messages land here; the request is verified with the
 * signing secret of a configured Slack notifier (`notifications.notifiers[].slack
 * .signing_secret`), then the incident is approved or rejected in the name of the Slack
 * user, exactly as through the API. Slack needs an answer within 3 s: the decision runs
 * in the background and the answer acknowledges it.
 */
import type { FastifyInstance } from 'fastify';
import { DecisionConflictError, IncidentNotFoundError } from '../../agents/human-decisions.js';
import { parseSlackInteraction } from '../../notifiers/slack-interaction.js';
import { verifySlackRequest } from '../../notifiers/slack-signature.js';
import type { ServerContext } from '../server-context.js';

export function registerSlackRoutes(
  app: FastifyInstance,
  context: ServerContext,
  signingSecrets: string[],
): void {
  app.post('/integrations/slack/interactions', async (request, reply) => {
    if (!signingSecrets.length)
      return reply.code(404).send({ error: 'no Slack notifier with a signing_secret is configured' });
    const raw = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
    const headers = request.headers as Record<string, string | undefined>;
    const verified = signingSecrets.map((secret) => verifySlackRequest(raw, headers, secret, context.now()));
    if (!verified.some((v) => v.ok)) {
      const reason = verified.find((v) => !v.ok && 'reason' in v);
      return reply.code(401).send({ error: reason && 'reason' in reason ? reason.reason : 'bad signature' });
    }
    const parsed = parseSlackInteraction(raw);
    if (!parsed.ok) return reply.code(400).send({ error: parsed.reason });
    const { incident_id: id, action, user } = parsed.approval;
    const actor = `slack:${user.name || user.id}`;
    const run =
      action === 'approve'
        ? context.commander.approve(id, actor, 'approved in Slack')
        : context.commander.reject(id, actor, 'rejected in Slack');
    run.catch((error: unknown) => {
      if (error instanceof IncidentNotFoundError || error instanceof DecisionConflictError) {
        request.log.warn({ incident: id, err: error.message }, 'slack decision refused');
      } else request.log.error({ err: error, incident: id }, 'slack decision failed');
    });
    return reply.code(200).send({
      text: `${action === 'approve' ? 'Approval' : 'Rejection'} of ${id} by ${user.name || user.id} received`,
    });
  });
}
