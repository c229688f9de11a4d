/**
 * Follows Microsoft Teams "Send Adaptive Cards using an incoming webhook" (msteams-docs,
 * webhooks-and-connectors/how-to/connectors-using.md): POST `{"type":"message",
 * "attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,
 * "content":{"$schema":..., "type":"AdaptiveCard", "version":..., "body":[...]}}]}`;
 * Action.OpenUrl is supported, Action.Submit is not; legacy webhooks answer "1" and signal
 * throttling in the body ("Microsoft Teams endpoint returned HTTP error 429"). Teams
 * Workflows ("Send webhook alerts to a channel") accept the same message and answer 202.
 * TextBlock properties (size Small, isSubtle, wrap) follow the Adaptive Cards schema explorer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../connectors/testing/recording-server.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './teams-card.js';
import { TeamsNotifier, TeamsOptionsSchema } from './teams-notifier.js';
import { AUDIT_HEAD, AUDIT_HEAD_TEXT, eventFixture, FAST, signal } from './testing/notification-fixtures.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const WORKFLOW_PATH = '/workflows/1a2b3c/triggers/manual/paths/invoke';

function notifier(url: string): TeamsNotifier {
  return new TeamsNotifier(
    TeamsOptionsSchema.parse({
      webhook_url: `${url}${WORKFLOW_PATH}?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cr3t-SIG`,
      incident_url: 'https://afr.example.com/incidents/{incident_id}',
      ...FAST,
    }),
  );
}

describe('TeamsNotifier', () => {
  it('posts an Adaptive Card message to the Workflows URL with its query intact', async () => {
    server = await startRecordingServer(() => ({ status: 202, body: '' }));
    const outcome = await notifier(server.url).notify(eventFixture({ audit_head: AUDIT_HEAD }), {
      signal: signal(),
    });
    expect(outcome).toMatchObject({ kind: 'ok', source: { connector: 'teams', query: 'webhook INC-42' } });

    const sent = server.requests[0];
    expect([sent.method, sent.path]).toEqual(['POST', WORKFLOW_PATH]);
    expect(sent.query.get('api-version')).toBe('2016-06-01');
    expect(sent.query.get('sp')).toBe('/triggers/manual/run');
    expect(sent.query.get('sig')).toBe('s3cr3t-SIG');
    const body = JSON.parse(sent.body);
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    const [attachment] = body.attachments;
    expect(attachment.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    expect(attachment.contentUrl).toBeNull();
    const card = attachment.content;
    expect(card).toMatchObject({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    });
    expect(card.body[0]).toMatchObject({
      type: 'TextBlock',
      text: 'Approval requested: [critical] payment-service: approve',
      color: 'Attention',
    });
    const facts = card.body.find((b: { type: string }) => b.type === 'FactSet').facts;
    expect(facts).toContainEqual({ title: 'Confidence', value: '74%' });
    expect(facts).toContainEqual({ title: 'Decision', value: 'approve' });
    expect(card.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Review and approve in afr',
        url: 'https://afr.example.com/incidents/INC-42',
      },
    ]);
    expect(JSON.stringify(card)).not.toContain('Action.Submit');
    expect(card.body.at(-1)).toEqual({
      type: 'TextBlock',
      text: `Audit head: ${AUDIT_HEAD_TEXT}`,
      size: 'Small',
      isSubtle: true,
      wrap: true,
    });
  });

  it('accepts the legacy "1" answer and treats in-body throttling as a retryable error', async () => {
    server = await startRecordingServer(() => ({ body: '1' }));
    expect((await notifier(server.url).notify(eventFixture(), { signal: signal() })).kind).toBe('ok');
    expect(server.requests[0].body).not.toContain('Audit head');

    await server.close();
    server = await startRecordingServer(() => ({
      body: 'Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0',
    }));
    const throttled = await notifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(throttled).toMatchObject({ kind: 'error', retryable: true });
    expect(throttled.kind === 'error' && throttled.message).toContain('HTTP error 429');
  });

  it("reports the workflow's error without leaking the signature", async () => {
    server = await startRecordingServer(() => ({
      status: 400,
      body: {
        error: {
          code: 'InvalidRequestContent',
          message:
            "The input body for trigger 'manual' of type 'Request' did not match its schema definition.",
        },
      },
    }));
    const outcome = await notifier(server.url).notify(eventFixture(), { signal: signal() });
    expect(outcome).toMatchObject({
      kind: 'error',
      message:
        "HTTP 400: InvalidRequestContent: The input body for trigger 'manual' of type 'Request' did not match its schema definition.",
      retryable: false,
    });
    expect(JSON.stringify(outcome)).not.toContain('s3cr3t');
  });
});
