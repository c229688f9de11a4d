/**
 * Follows Slack's Web API docs: chat.postMessage (POST https://slack.com/api/chat.postMessage,
 * `Authorization: Bearer xoxb-...`, JSON body with channel, text, blocks; answers
 * `{ok:true, channel, ts, message}` or HTTP 200 `{ok:false, error}`), chat.update (channel
 * ID + ts), Web API rate limits (HTTP 429 with Retry-After), and "Sending messages using
 * incoming webhooks" (POST to the webhook URL, plain-text "ok", errors such as 400
 * "invalid_payload"). The postmortem on resolve follows "Reference: Secondary message
 * attachments" (color, fallback, title, title_link, text, mrkdwn_in) and the Block Kit
 * reference (section text at most 3000 characters; a button element with a url; a context
 * block holds at most 10 image or text elements).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../connectors/testing/recording-server.js';
import {
  SLACK_APPROVE_ACTION,
  SLACK_REJECT_ACTION,
  SLACK_REPORT_ACTION,
  SLACK_REPORT_MAX_CHARS,
} from './slack-blocks.js';
import { SlackNotifier, SlackOptionsSchema } from './slack-notifier.js';
import {
  AUDIT_HEAD,
  AUDIT_HEAD_TEXT,
  eventFixture,
  FAST,
  resolvedEventFixture,
  signal,
} from './testing/notification-fixtures.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The documented chat.postMessage success answer. */
const POSTED = {
  ok: true,
  channel: 'C123ABC456',
  ts: '1503435956.000247',
  message: {
    text: 'fallback',
    bot_id: 'B123ABC456',
    type: 'message',
    subtype: 'bot_message',
    ts: '1503435956.000247',
  },
};
/** The documented chat.update success answer. */
const UPDATED = { ok: true, channel: 'C123ABC456', ts: '1503435956.000247', text: 'Updated text' };

function botNotifier(url: string, extra: Record<string, unknown> = {}): SlackNotifier {
  const options = SlackOptionsSchema.parse({
    bot_token: 'xoxb-test-token',
    channel: '#incidents',
    api_url: `${url}/api`,
    incident_url: 'https://afr.example.com/incidents/{incident_id}',
    ...FAST,
    ...extra,
  });
  return new SlackNotifier(options);
}

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON read back from the wire
type Block = { type: string; [key: string]: any };

describe('SlackNotifier (bot token)', () => {
  it('posts a Block Kit message with fields, plan and Approve/Reject buttons', async () => {
    server = await startRecordingServer(() => ({ body: POSTED }));
    const outcome = await botNotifier(server.url).notify(eventFixture({ audit_head: AUDIT_HEAD }), {
      signal: signal(),
    });
    expect(outcome).toMatchObject({
      kind: 'ok',
      source: { connector: 'slack', query: 'chat.postMessage INC-42' },
    });

    const sent = server.requests[0];
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/api/chat.postMessage');
    expect(sent.headers.authorization).toBe('Bearer xoxb-test-token');
    expect(sent.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(sent.body) as { channel: string; text: string; blocks: Block[] };
    expect(body.channel).toBe('#incidents');
    expect(body.text).toContain('Approval requested: payment-service: config change on payment-service');
    expect(body.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    expect((body.blocks[0].text as { text: string }).text).toContain(
      'Approval requested: [critical] payment-service',
    );
    const fields = body.blocks.find((b) => Array.isArray(b.fields))?.fields as { text: string }[];
    expect(fields.map((f) => f.text)).toEqual([
      '*Severity*\nCRITICAL',
      '*Service*\npayment-service',
      '*Root cause*\nconfig change on payment-service exhausted its DB connection pool',
      '*Confidence*\n74%',
      '*Decision*\napprove',
      '*Incident*\nINC-42',
    ]);
    const plan = body.blocks.find((b) => JSON.stringify(b).includes('*Plan:*'))!;
    expect(plan.text.text).toBe(
      '*Plan:* config revert payment-service: 90% predicted success, risk 0.20, ~60 s\n' +
        '1. Revert payment-service config to v41 (60s)\n2. Watch error rate for 5 min',
    );
    const actions = body.blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements.map((e: Block) => [e.action_id, e.value, e.style])).toEqual([
      [SLACK_APPROVE_ACTION, 'INC-42', 'primary'],
      [SLACK_REJECT_ACTION, 'INC-42', 'danger'],
      ['afr_open', undefined, undefined],
    ]);
    expect(actions.elements[2].url).toBe('https://afr.example.com/incidents/INC-42');
    expect(body.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'afr · incident `INC-42` · Approval requested' },
        { type: 'mrkdwn', text: `audit head \`${AUDIT_HEAD_TEXT}\`` },
      ],
    });
  });

  it('updates the same message in place for later events, using the channel ID Slack returned', async () => {
    server = await startRecordingServer((req) => ({
      body: req.path.endsWith('chat.update') ? UPDATED : POSTED,
    }));
    const slack = botNotifier(server.url);
    await slack.notify(eventFixture(), { signal: signal() });
    const taken = await slack.notify(
      eventFixture({
        kind: 'action_taken',
        action: {
          id: 'ACT-1',
          incident_id: 'INC-42',
          step_id: 's1',
          strategy: 'config_revert',
          target: 'payment-service',
          status: 'applied',
          started_at: 1,
          finished_at: 2,
          detail: 'reverted to v41',
        },
      }),
      { signal: signal() },
    );
    expect(taken).toMatchObject({ kind: 'ok', source: { query: 'chat.update INC-42' } });
    await slack.notify(eventFixture({ incident_id: 'INC-43' }), { signal: signal() });

    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/chat.postMessage',
      '/api/chat.update',
      '/api/chat.postMessage',
    ]);
    const update = JSON.parse(server.requests[1].body) as {
      channel: string;
      ts: string;
      blocks: Block[];
      text: string;
    };
    expect(update.channel).toBe('C123ABC456');
    expect(update.ts).toBe('1503435956.000247');
    expect(update.text).toBe('Action taken: payment-service: config revert payment-service: applied');
    const buttons = update.blocks.find((b) => b.type === 'actions')!;
    expect(buttons.elements.map((e: Block) => e.action_id)).toEqual(['afr_open']);
    expect(slack.messageRef('INC-42')).toEqual({ channel: 'C123ABC456', ts: '1503435956.000247' });
  });

  it('serialises events of one incident so a post and its update never race', async () => {
    server = await startRecordingServer((req) => ({
      body: req.path.endsWith('chat.update') ? UPDATED : POSTED,
      delayMs: req.path.endsWith('chat.postMessage') ? 30 : 0,
    }));
    const slack = botNotifier(server.url);
    const [first, second] = await Promise.all([
      slack.notify(eventFixture({ kind: 'incident_opened' }), { signal: signal() }),
      slack.notify(eventFixture({ kind: 'escalated' }), { signal: signal() }),
    ]);
    expect([first.kind, second.kind]).toEqual(['ok', 'ok']);
    expect(server.requests.map((r) => r.path)).toEqual(['/api/chat.postMessage', '/api/chat.update']);
  });

  it('posts anew when the remembered message is gone, and forgets the least recently used incident', async () => {
    let updates = 0;
    server = await startRecordingServer((req) => {
      if (!req.path.endsWith('chat.update')) return { body: POSTED };
      updates += 1;
      return { body: { ok: false, error: 'message_not_found' } };
    });
    const slack = botNotifier(server.url, { max_tracked_incidents: 1 });
    await slack.notify(eventFixture(), { signal: signal() });
    const again = await slack.notify(eventFixture({ kind: 'escalated' }), { signal: signal() });
    expect(again.kind).toBe('ok');
    expect(updates).toBe(1);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/chat.postMessage',
      '/api/chat.update',
      '/api/chat.postMessage',
    ]);

    await slack.notify(eventFixture({ incident_id: 'INC-99' }), { signal: signal() });
    expect(slack.messageRef('INC-42')).toBeUndefined();
    expect(slack.messageRef('INC-99')).toBeDefined();
  });

  it('turns HTTP 200 {ok:false} into an error outcome with Slack error code and detail', async () => {
    server = await startRecordingServer(() => ({ body: { ok: false, error: 'channel_not_found' } }));
    const outcome = await botNotifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(outcome).toMatchObject({
      kind: 'error',
      message: 'Slack chat.postMessage: channel_not_found',
      retryable: false,
    });

    await server.close();
    server = await startRecordingServer(() => ({
      body: {
        ok: false,
        error: 'invalid_blocks',
        response_metadata: {
          messages: ['[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]'],
        },
      },
    }));
    const invalid = await botNotifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(invalid).toMatchObject({
      kind: 'error',
      message:
        'Slack chat.postMessage: invalid_blocks ([ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text])',
    });
  });

  it('waits out a 429 with Retry-After, then succeeds; a persistent 429 is a retryable error', async () => {
    let calls = 0;
    server = await startRecordingServer(() =>
      ++calls === 1
        ? { status: 429, headers: { 'retry-after': '0' }, body: { ok: false, error: 'ratelimited' } }
        : { body: POSTED },
    );
    expect((await botNotifier(server.url).notify(eventFixture(), { signal: signal() })).kind).toBe('ok');
    expect(calls).toBe(2);

    await server.close();
    server = await startRecordingServer(() => ({
      status: 429,
      headers: { 'retry-after': '0' },
      body: { ok: false, error: 'ratelimited' },
    }));
    const outcome = await botNotifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(outcome).toMatchObject({ kind: 'error', message: 'HTTP 429: ratelimited', retryable: true });
    expect(server.requests).toHaveLength(3);
  });

  it('retries a 503 and reports a 500 without retrying', async () => {
    server = await startRecordingServer(() => ({ status: 503, body: 'upstream unavailable' }));
    const unavailable = await botNotifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(unavailable).toMatchObject({
      kind: 'error',
      message: 'HTTP 503: upstream unavailable',
      retryable: true,
    });
    expect(server.requests).toHaveLength(3);

    await server.close();
    server = await startRecordingServer(() => ({ status: 500, body: 'boom' }));
    const broken = await botNotifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(broken).toMatchObject({ kind: 'error', message: 'HTTP 500: boom', retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it("stops at the caller's deadline", async () => {
    server = await startRecordingServer(() => ({ body: POSTED, delayMs: 1_000 }));
    const started = Date.now();
    const outcome = await botNotifier(server.url).notify(eventFixture(), { signal: AbortSignal.timeout(50) });
    expect(outcome.kind).toBe('error');
    expect(outcome.kind === 'error' && outcome.message).toContain('deadline');
    expect(Date.now() - started).toBeLessThan(900);
  });
});

describe('SlackNotifier (incoming webhook)', () => {
  it('posts text and blocks to the webhook URL and accepts the plain "ok" answer', async () => {
    server = await startRecordingServer(() => ({ body: 'ok' }));
    const slack = new SlackNotifier(
      SlackOptionsSchema.parse({ webhook_url: `${server.url}/services/T000/B000/XXXXSECRET`, ...FAST }),
    );
    expect(slack.mode).toBe('webhook');
    const outcome = await slack.notify(eventFixture(), { signal: signal() });
    expect(outcome.kind).toBe('ok');
    await slack.notify(eventFixture({ kind: 'resolved' }), { signal: signal() });
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/services/T000/B000/XXXXSECRET'],
      ['POST', '/services/T000/B000/XXXXSECRET'],
    ]);
    const body = JSON.parse(server.requests[0].body) as { text: string; blocks: Block[]; channel?: string };
    expect(body.channel).toBeUndefined();
    expect(body.text).toContain('Approval requested');
    expect(body.blocks.some((b) => b.type === 'actions')).toBe(true);
    // An event without an audit head (afr used as a library, no store) shows no head line.
    expect(body.blocks.at(-1)?.elements).toHaveLength(1);
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });

  it('reports the webhook error word without leaking the secret URL', async () => {
    server = await startRecordingServer(() => ({ status: 400, body: 'invalid_payload' }));
    const slack = new SlackNotifier(
      SlackOptionsSchema.parse({ webhook_url: `${server.url}/services/T000/B000/XXXXSECRET`, ...FAST }),
    );
    const outcome = await slack.notify(eventFixture(), { signal: signal() });
    expect(outcome).toMatchObject({ kind: 'error', message: 'HTTP 400: invalid_payload', retryable: false });
    expect(JSON.stringify(outcome)).not.toContain('XXXXSECRET');
  });

  it('attaches the postmortem to the resolved message: summary block, report button, Markdown attachment', async () => {
    server = await startRecordingServer(() => ({ body: 'ok' }));
    const slack = new SlackNotifier(
      SlackOptionsSchema.parse({
        webhook_url: `${server.url}/services/T000/B000/XXXXSECRET`,
        public_url: 'https://afr.example.com',
        ...FAST,
      }),
    );
    const outcome = await slack.notify(resolvedEventFixture(), { signal: signal() });
    expect(outcome.kind).toBe('ok');
    const sent = server.requests[0];
    expect([sent.method, sent.path]).toEqual(['POST', '/services/T000/B000/XXXXSECRET']);
    const body = JSON.parse(sent.body) as { text: string; blocks: Block[]; attachments: Block[] };
    expect(body.text).toBe('Resolved: payment-service: verification recovered');
    const summary = body.blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('*Postmortem:*'));
    expect(summary?.text.text).toBe(
      [
        '*Postmortem:* config change on payment-service (INC-42)',
        '• Root cause: config change on payment-service (connection pool exhaustion), confidence 0.74',
        '• MTTR: 4.0 min',
        '• Actions: config revert payment-service: verified',
        '• Verification: recovered: error_rate back to baseline on payment-service',
        '• Follow-ups: Review the payment-service config change and add validation (limits, pool sizes) to the deploy pipeline.',
      ].join('\n'),
    );
    const buttons = body.blocks.find((b) => b.type === 'actions')?.elements as Block[];
    expect(buttons.find((b) => b.action_id === SLACK_REPORT_ACTION)).toEqual({
      type: 'button',
      action_id: SLACK_REPORT_ACTION,
      text: { type: 'plain_text', text: 'Postmortem report', emoji: true },
      url: 'https://afr.example.com/api/v1/incidents/INC-42/report?format=html',
    });
    // No approval buttons on a resolved incident.
    expect(buttons.some((b) => b.action_id === SLACK_APPROVE_ACTION)).toBe(false);
    expect(body.attachments).toHaveLength(1);
    const [report] = body.attachments;
    expect(report).toMatchObject({
      color: 'good',
      fallback: 'Postmortem: config change on payment-service (INC-42)',
      title: 'Postmortem report (Markdown): config change on payment-service (INC-42)',
      title_link: 'https://afr.example.com/api/v1/incidents/INC-42/report?format=md',
      mrkdwn_in: ['text'],
    });
    expect(report.text).toMatch(/^```\n# Postmortem: config change on payment-service \(INC-42\)\n/);
    expect(report.text).toContain('## Actions and verification');
    expect(report.text).toContain('remediating: approved by alice');
    expect(report.text.endsWith('\n```')).toBe(true);
    // Other events carry no report.
    await slack.notify(eventFixture(), { signal: signal() });
    expect(JSON.parse(server.requests[1].body).attachments).toBeUndefined();
  });

  it('cuts a long report to fit, escapes mrkdwn control characters, and links nothing without public_url', async () => {
    server = await startRecordingServer(() => ({ body: 'ok' }));
    const slack = new SlackNotifier(
      SlackOptionsSchema.parse({ webhook_url: `${server.url}/services/T000/B000/XXXXSECRET`, ...FAST }),
    );
    const long = 'pool <size> & ```fence``` '.repeat(1000);
    await slack.notify(resolvedEventFixture({ summary: long }), { signal: signal() });
    const body = JSON.parse(server.requests[0].body) as { blocks: Block[]; attachments: Block[] };
    const text = body.attachments[0].text as string;
    expect(text.length).toBeLessThan(SLACK_REPORT_MAX_CHARS * 1.5);
    expect(text).toMatch(/… \(cut: \d+ characters in all\)\n```$/);
    expect(text).toContain("pool &lt;size&gt; &amp; '''fence'''");
    expect(text.slice(3, -3)).not.toContain('```');
    expect(body.attachments[0].title_link).toBeUndefined();
    const buttons = (body.blocks.find((b) => b.type === 'actions')?.elements ?? []) as Block[];
    expect(buttons.some((b) => b.action_id === SLACK_REPORT_ACTION)).toBe(false);
    for (const block of body.blocks.filter((b) => b.type === 'section' && b.text)) {
      expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
  });

  it('requires either a bot token with a channel, or a webhook URL', () => {
    expect(SlackOptionsSchema.safeParse({}).success).toBe(false);
    expect(SlackOptionsSchema.safeParse({ bot_token: 'xoxb-1' }).success).toBe(false);
    expect(SlackOptionsSchema.safeParse({ bot_token: 'xoxb-1', channel: 'C1' }).success).toBe(true);
  });
});
