/**
 * Reads a Slack interactive callback (a `block_actions` payload, form-encoded as
 * `payload={json}`) into an afr approval decision: which incident, approve or reject, who
 * clicked, and the response_url for replying. Verify the request first
 * (`verifySlackRequest`); this only parses.
 */
import { isRecord, parseJson } from './delivery.js';
import { SLACK_APPROVE_ACTION, SLACK_REJECT_ACTION } from './slack-blocks.js';

export interface SlackApproval {
  incident_id: string;
  action: 'approve' | 'reject';
  user: { id: string; name: string };
  response_url: string | undefined;
  /** The message holding the buttons, for chat.update. */
  message: { channel: string; ts: string } | undefined;
}

export type SlackInteractionResult = { ok: true; approval: SlackApproval } | { ok: false; reason: string };

export function parseSlackInteraction(rawBody: string | Buffer): SlackInteractionResult {
  const form = new URLSearchParams(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  const encoded = form.get('payload');
  if (!encoded) return { ok: false, reason: 'no payload field in the form body' };
  const payload = parseJson(encoded);
  if (!isRecord(payload)) return { ok: false, reason: 'payload is not a JSON object' };
  if (payload.type !== 'block_actions')
    return { ok: false, reason: `unsupported interaction type ${String(payload.type)}` };
  const actions = Array.isArray(payload.actions) ? payload.actions.filter(isRecord) : [];
  const clicked = actions.find(
    (a) => a.action_id === SLACK_APPROVE_ACTION || a.action_id === SLACK_REJECT_ACTION,
  );
  if (!clicked) return { ok: false, reason: 'no afr_approve or afr_reject action in the payload' };
  if (typeof clicked.value !== 'string' || clicked.value === '') {
    return { ok: false, reason: 'the action carries no incident id' };
  }
  const user = isRecord(payload.user) ? payload.user : {};
  if (typeof user.id !== 'string') return { ok: false, reason: 'the payload names no user' };
  const name =
    [user.name, user.username].find((v): v is string => typeof v === 'string' && v !== '') ?? user.id;
  const container = isRecord(payload.container) ? payload.container : {};
  const channel = typeof container.channel_id === 'string' ? container.channel_id : undefined;
  const ts = typeof container.message_ts === 'string' ? container.message_ts : undefined;
  return {
    ok: true,
    approval: {
      incident_id: clicked.value,
      action: clicked.action_id === SLACK_APPROVE_ACTION ? 'approve' : 'reject',
      user: { id: user.id, name },
      response_url: typeof payload.response_url === 'string' ? payload.response_url : undefined,
      message: channel && ts ? { channel, ts } : undefined,
    },
  };
}
