/**
 * Follows Slack's "Verifying requests from Slack" (docs.slack.dev/authentication/
 * verifying-requests-from-slack): basestring `v0:{X-Slack-Request-Timestamp}:{body}`,
 * HMAC-SHA256 under the signing secret, `v0=` + hex in X-Slack-Signature, requests older
 * than five minutes rejected. The vector below is the documented example; the
 * interaction payload is shaped like the documented `block_actions` payload.
 */
import { describe, expect, it } from 'vitest';
import { parseSlackInteraction } from './slack-interaction.js';
import { slackSignature, verifySlackRequest } from './slack-signature.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
  '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
  '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
  '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const NOW = Number(TIMESTAMP) + 10;

const headers = (signature = SIGNATURE, timestamp = TIMESTAMP) => ({
  'X-Slack-Request-Timestamp': timestamp,
  'X-Slack-Signature': signature,
});

describe('verifySlackRequest', () => {
  it("accepts Slack's documented example", () => {
    expect(slackSignature(BODY, TIMESTAMP, SECRET)).toBe(SIGNATURE);
    expect(verifySlackRequest(BODY, headers(), SECRET, NOW)).toEqual({ ok: true });
    expect(
      verifySlackRequest(
        Buffer.from(BODY),
        { 'x-slack-request-timestamp': [TIMESTAMP], 'x-slack-signature': SIGNATURE },
        SECRET,
        NOW,
      ),
    ).toEqual({ ok: true });
  });

  it('rejects a wrong signature, a tampered body and a wrong secret', () => {
    const flipped = `${SIGNATURE.slice(0, -1)}${SIGNATURE.endsWith('3') ? '4' : '3'}`;
    expect(verifySlackRequest(BODY, headers(flipped), SECRET, NOW)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    expect(verifySlackRequest(`${BODY}&x=1`, headers(), SECRET, NOW).ok).toBe(false);
    expect(verifySlackRequest(BODY, headers(), 'another-secret', NOW).ok).toBe(false);
    expect(verifySlackRequest(BODY, headers('v0=short'), SECRET, NOW).ok).toBe(false);
  });

  it('rejects stale or future timestamps beyond five minutes, and missing headers', () => {
    expect(verifySlackRequest(BODY, headers(), SECRET, Number(TIMESTAMP) + 301)).toEqual({
      ok: false,
      reason: 'stale X-Slack-Request-Timestamp (more than 5 minutes from now)',
    });
    expect(verifySlackRequest(BODY, headers(), SECRET, Number(TIMESTAMP) - 301).ok).toBe(false);
    expect(verifySlackRequest(BODY, headers(), SECRET, Number(TIMESTAMP) + 299).ok).toBe(true);
    expect(verifySlackRequest(BODY, {}, SECRET, NOW).ok).toBe(false);
    expect(verifySlackRequest(BODY, headers(SIGNATURE, 'abc'), SECRET, NOW).ok).toBe(false);
    expect(verifySlackRequest(BODY, headers(), '', NOW).ok).toBe(false);
  });
});

/** A block_actions payload as documented, from a click on the Approve button. */
function blockActions(actionId: string, value = 'INC-42'): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T9TK3CUKW', domain: 'example' },
    user: { id: 'UA8RXUSPL', username: 'jtorrance', name: 'jtorrance', team_id: 'T9TK3CUKW' },
    api_app_id: 'AABA1ABCD',
    token: '9s8d9as89d8as9d8as989',
    container: {
      type: 'message_attachment',
      message_ts: '1548261231.000200',
      channel_id: 'CBR2V3XEX',
      is_ephemeral: false,
    },
    trigger_id: '12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3',
    channel: { id: 'CBR2V3XEX', name: 'review-updates' },
    response_url: 'https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209',
    actions: [
      {
        action_id: actionId,
        block_id: 'afr_actions_approval_requested',
        text: { type: 'plain_text', text: 'Approve', emoji: true },
        value,
        type: 'button',
        action_ts: '1548426417.840180',
      },
    ],
  };
}

const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

describe('parseSlackInteraction', () => {
  it('reads the incident, the decision, the user and the response URL', () => {
    expect(parseSlackInteraction(form(blockActions('afr_approve')))).toEqual({
      ok: true,
      approval: {
        incident_id: 'INC-42',
        action: 'approve',
        user: { id: 'UA8RXUSPL', name: 'jtorrance' },
        response_url: 'https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209',
        message: { channel: 'CBR2V3XEX', ts: '1548261231.000200' },
      },
    });
    const reject = parseSlackInteraction(Buffer.from(form(blockActions('afr_reject'))));
    expect(reject.ok && reject.approval.action).toBe('reject');
  });

  it('refuses what is not an afr approval click', () => {
    expect(parseSlackInteraction('')).toEqual({ ok: false, reason: 'no payload field in the form body' });
    expect(parseSlackInteraction('payload=%7Bnot-json')).toEqual({
      ok: false,
      reason: 'payload is not a JSON object',
    });
    expect(parseSlackInteraction(form({ ...blockActions('afr_approve'), type: 'view_submission' })).ok).toBe(
      false,
    );
    expect(parseSlackInteraction(form(blockActions('afr_open'))).ok).toBe(false);
    expect(parseSlackInteraction(form(blockActions('afr_approve', ''))).ok).toBe(false);
    expect(parseSlackInteraction(form({ ...blockActions('afr_approve'), user: undefined })).ok).toBe(false);
  });
});
