// Follows the Amazon SNS Developer Guide — "Parsing message formats" (HTTP/HTTPS Notification,
// SubscriptionConfirmation and UnsubscribeConfirmation JSON; x-amz-sns-message-type header),
// "Verifying the signatures of Amazon SNS messages" (canonical "Name\nvalue\n" string of
// Message, MessageId, Subject if present, [SubscribeURL], Timestamp, [Token], TopicArn, Type;
// SignatureVersion 1 = SHA1withRSA, 2 = SHA256withRSA; certificate fetched over https from the
// SNS host only) — and the CloudWatch User Guide's alarm notification JSON (AlarmName,
// NewStateValue ALARM/OK/INSUFFICIENT_DATA, NewStateReason, StateChangeTime, Trigger.Dimensions).
// The signing certificate is a self-signed test certificate, not Amazon's.
import { createPrivateKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handleWebhook } from './handle-webhook.js';
import { intakeKey } from './intake-key.js';
import { type SnsMessage, snsStringToSign } from './sns-message.js';
import { fixtureText, recordingGet, sourceOf } from './test-support.js';
import type { HttpGet } from './types.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:afr-alarms';
const CERT_URL =
  'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem';
const CERT_PEM = fixtureText('sns-test-signing-cert.pem');
const KEY = createPrivateKey(fixtureText('sns-test-signing-key.pem'));
const SUBSCRIBE_URL = `https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=2336412f37fb687f5d51e6e2425dacbba`;

function alarm(state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', changedAt = '2026-11-25T19:10:00.000+0000') {
  return {
    AlarmName: 'checkout-5xx',
    AlarmDescription: 'Checkout returns 5xx',
    AWSAccountId: '123456789012',
    AlarmConfigurationUpdatedTimestamp: '2026-11-01T10:00:00.000+0000',
    NewStateValue: state,
    NewStateReason:
      'Threshold Crossed: 1 datapoint [12.0 (25/11/26 19:09:00)] was greater than the threshold (5.0).',
    StateChangeTime: changedAt,
    Region: 'US East (N. Virginia)',
    AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-5xx',
    OldStateValue: state === 'OK' ? 'ALARM' : 'OK',
    OKActions: [TOPIC],
    AlarmActions: [TOPIC],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: 'HTTPCode_Target_5XX_Count',
      Namespace: 'AWS/ApplicationELB',
      StatisticType: 'Statistic',
      Statistic: 'SUM',
      Unit: null,
      Dimensions: [
        { value: 'app/checkout-alb/50dc6c495c0c9188', name: 'LoadBalancer' },
        { value: 'checkout', name: 'ServiceName' },
      ],
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 5.0,
      TreatMissingData: 'missing',
      EvaluateLowSampleCountPercentile: '',
    },
  };
}

function sign(message: Omit<SnsMessage, 'Signature'>, key: KeyObject = KEY): SnsMessage {
  const algorithm = message.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256';
  const signature = createSign(algorithm)
    .update(snsStringToSign(message as SnsMessage))
    .sign(key, 'base64');
  return { ...message, Signature: signature };
}

function notification(body: unknown, overrides: Partial<SnsMessage> = {}): SnsMessage {
  return sign({
    Type: 'Notification',
    MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
    TopicArn: TOPIC,
    Subject: 'ALARM: "checkout-5xx" in US East (N. Virginia)',
    Message: typeof body === 'string' ? body : JSON.stringify(body),
    Timestamp: '2026-11-25T19:10:01.123Z',
    SignatureVersion: '2',
    SigningCertURL: CERT_URL,
    UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:c9135db0`,
    ...overrides,
  });
}

function request(message: SnsMessage) {
  return {
    rawBody: Buffer.from(JSON.stringify(message)),
    headers: { 'x-amz-sns-message-type': message.Type, 'content-type': 'text/plain; charset=UTF-8' },
  };
}

function cloudwatch(httpGet: HttpGet, options: Record<string, unknown> = {}, now?: () => number) {
  return sourceOf(
    'cloudwatch',
    { sources: { cloudwatch: { topic_arns: [TOPIC], ...options } } },
    { httpGet, now },
  );
}

describe('cloudwatch (SNS) webhook source', () => {
  it('builds the canonical string exactly as the SNS guide lists the fields', () => {
    // Signing in these tests goes through snsStringToSign, so pin its output independently.
    const note = notification('m');
    expect(snsStringToSign(note)).toBe(
      `Message\nm\nMessageId\n${note.MessageId}\nSubject\n${note.Subject}\nTimestamp\n${note.Timestamp}\n` +
        `TopicArn\n${TOPIC}\nType\nNotification\n`,
    );
    const { Subject: _s, ...noSubject } = note;
    expect(snsStringToSign(noSubject as SnsMessage)).not.toContain('Subject');
    const confirm = {
      ...note,
      Type: 'SubscriptionConfirmation' as const,
      SubscribeURL: 'https://u',
      Token: 't',
    };
    expect(snsStringToSign(confirm)).toBe(
      `Message\nm\nMessageId\n${note.MessageId}\nSubscribeURL\nhttps://u\nTimestamp\n${note.Timestamp}\n` +
        `Token\nt\nTopicArn\n${TOPIC}\nType\nSubscriptionConfirmation\n`,
    );
  });

  it('verifies a SignatureVersion 2 notification and parses the ALARM', async () => {
    const get = recordingGet({ [CERT_URL]: CERT_PEM });
    const source = cloudwatch(get.get);
    const response = await handleWebhook(source, request(notification(alarm('ALARM'))));
    expect(response.status).toBe(200);
    expect(get.urls).toEqual([CERT_URL]);
    const [alert] = response.alerts;
    expect(alert).toMatchObject({
      service: 'checkout', // the ServiceName dimension
      severity: 'medium', // alarms carry no severity: the default
      status: 'firing',
      source: 'cloudwatch',
      timestamp: Date.parse('2026-11-25T19:10:00.000Z') / 1000,
      message: expect.stringMatching(/^checkout-5xx: Threshold Crossed/),
    });
    expect(alert.labels).toEqual({
      LoadBalancer: 'app/checkout-alb/50dc6c495c0c9188',
      ServiceName: 'checkout',
      alarm_name: 'checkout-5xx',
      namespace: 'AWS/ApplicationELB',
      metric_name: 'HTTPCode_Target_5XX_Count',
      account_id: '123456789012',
      region: 'us-east-1',
    });
    expect(alert.annotations).toMatchObject({
      alarm_arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-5xx',
      new_state_value: 'ALARM',
      threshold: '5',
      sns_message_id: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
    });
  });

  it('verifies SignatureVersion 1 (SHA1withRSA) and caches the certificate', async () => {
    const get = recordingGet({ [CERT_URL]: CERT_PEM });
    const source = cloudwatch(get.get);
    const v1 = notification(alarm('ALARM'), { SignatureVersion: '1' });
    expect(await source.authenticate(JSON.stringify(v1), {})).toEqual({ ok: true, method: 'sns' });
    expect(await source.authenticate(JSON.stringify(notification(alarm('OK'))), {})).toEqual({
      ok: true,
      method: 'sns',
    });
    expect(get.urls).toEqual([CERT_URL]);
  });

  it('accepts a fetcher that serves a bare public key instead of a certificate', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const source = cloudwatch(recordingGet({ [CERT_URL]: pem }).get);
    const message = sign({ ...notification(alarm('ALARM')) }, pair.privateKey);
    expect(await source.authenticate(JSON.stringify(message), {})).toEqual({ ok: true, method: 'sns' });
  });

  it('OK resolves the alarm (same fingerprint, new key); a re-alarm later is another key', () => {
    const source = cloudwatch(recordingGet({}).get);
    const parse = (state: 'ALARM' | 'OK', at?: string) => {
      const result = source.parse(notification(alarm(state, at)), '', {});
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.alerts[0];
    };
    const fired = parse('ALARM');
    const resolved = parse('OK', '2026-11-25T19:20:00.000+0000');
    const refired = parse('ALARM', '2026-11-25T19:40:00.000+0000');
    expect(resolved.status).toBe('resolved');
    expect(resolved.fingerprint).toBe(fired.fingerprint);
    expect(new Set([intakeKey(fired), intakeKey(resolved), intakeKey(refired)]).size).toBe(3);
    expect(intakeKey(parse('ALARM'))).toBe(intakeKey(fired)); // SNS redelivery
  });

  it('rejects a tampered message (403) after fetching the certificate', async () => {
    const source = cloudwatch(recordingGet({ [CERT_URL]: CERT_PEM }).get);
    const message = notification(alarm('ALARM'));
    const tampered = { ...message, Message: message.Message.replace('checkout', 'payments') };
    const result = await source.authenticate(JSON.stringify(tampered), {});
    expect(result).toEqual({ ok: false, status: 403, reason: 'SNS signature does not match the message' });
  });

  it.each([
    [
      'a look-alike host',
      'https://sns.us-east-1.amazonaws.com.evil.example/cert.pem',
      /host must be sns\.us-east-1\.amazonaws\.com/,
    ],
    ['another region', 'https://sns.eu-west-1.amazonaws.com/cert.pem', /host must be/],
    ['plain http', 'http://sns.us-east-1.amazonaws.com/cert.pem', /https/],
    ['a port', 'https://sns.us-east-1.amazonaws.com:8443/cert.pem', /port/],
    ['credentials', 'https://user@sns.us-east-1.amazonaws.com/cert.pem', /credentials/],
    ['a non-.pem path', 'https://sns.us-east-1.amazonaws.com/cert.txt', /\.pem/],
    ['an S3 host', 'https://s3.amazonaws.com/sns/cert.pem', /host must be/],
  ])('rejects a SigningCertURL with %s without fetching it', async (_case, url, reason) => {
    const get = recordingGet({ [url]: CERT_PEM });
    const source = cloudwatch(get.get);
    const result = await source.authenticate(
      JSON.stringify(notification(alarm('ALARM'), { SigningCertURL: url })),
      {},
    );
    expect(result).toMatchObject({ ok: false, status: 403, reason: expect.stringMatching(reason) });
    expect(get.urls).toEqual([]);
  });

  it('rejects topics not listed in topic_arns, and everything when none are listed', async () => {
    const get = recordingGet({ [CERT_URL]: CERT_PEM });
    const other = notification(alarm('ALARM'), { TopicArn: 'arn:aws:sns:us-east-1:999999999999:attacker' });
    expect(await cloudwatch(get.get).authenticate(JSON.stringify(other), {})).toMatchObject({ status: 403 });
    const unlisted = sourceOf('cloudwatch', {}, { httpGet: get.get });
    expect(await unlisted.authenticate(JSON.stringify(notification(alarm('ALARM'))), {})).toMatchObject({
      status: 403,
      reason: expect.stringMatching(/topic_arns/),
    });
    expect(get.urls).toEqual([]);
  });

  it('rejects an expired certificate, an unknown SignatureVersion and a failed certificate fetch', async () => {
    const in2200 = () => Date.parse('2200-01-01T00:00:00Z') / 1000;
    const expired = cloudwatch(recordingGet({ [CERT_URL]: CERT_PEM }).get, {}, in2200);
    expect(await expired.authenticate(JSON.stringify(notification(alarm('ALARM'))), {})).toMatchObject({
      status: 403,
      reason: expect.stringMatching(/validity period/),
    });
    const source = cloudwatch(recordingGet({ [CERT_URL]: CERT_PEM }).get);
    const v3 = { ...notification(alarm('ALARM')), SignatureVersion: '3' };
    expect(await source.authenticate(JSON.stringify(v3), {})).toMatchObject({ status: 403 });
    const missing = cloudwatch(recordingGet({}).get);
    expect(await missing.authenticate(JSON.stringify(notification(alarm('ALARM'))), {})).toMatchObject({
      status: 403,
      reason: 'fetching SigningCertURL gave HTTP 404',
    });
  });

  it('answers 400 for a non-JSON body, a missing SNS field or a mismatched message-type header', async () => {
    const source = cloudwatch(recordingGet({ [CERT_URL]: CERT_PEM }).get);
    expect(await source.authenticate('not json', {})).toMatchObject({ ok: false, status: 400 });
    const { Signature: _s, ...unsigned } = notification(alarm('ALARM'));
    expect(await source.authenticate(JSON.stringify(unsigned), {})).toMatchObject({
      status: 400,
      reason: 'Signature: missing or malformed SNS field',
    });
    const message = notification(alarm('ALARM'));
    const mismatch = await source.authenticate(JSON.stringify(message), {
      'x-amz-sns-message-type': 'SubscriptionConfirmation',
    });
    expect(mismatch).toMatchObject({ status: 400 });
  });

  it('answers 400 naming Message when the notification is not an alarm JSON', () => {
    const source = cloudwatch(recordingGet({}).get);
    expect(source.parse(notification('CPU is high'), '', {})).toMatchObject({
      ok: false,
      error: { status: 400, field: 'Message' },
    });
    const { NewStateValue: _n, ...stateless } = alarm('ALARM');
    expect(source.parse(notification(stateless), '', {})).toMatchObject({
      ok: false,
      error: { status: 400, field: 'Message.NewStateValue' },
    });
  });

  it('ignores INSUFFICIENT_DATA unless configured to fire', () => {
    const ignoring = cloudwatch(recordingGet({}).get);
    expect(ignoring.parse(notification(alarm('INSUFFICIENT_DATA')), '', {})).toMatchObject({
      ok: true,
      alerts: [],
      ignored: 'alarm checkout-5xx is INSUFFICIENT_DATA',
    });
    const firing = cloudwatch(recordingGet({}).get, { insufficient_data: 'firing' });
    const result = firing.parse(notification(alarm('INSUFFICIENT_DATA')), '', {});
    expect(result.ok && result.alerts[0].status).toBe('firing');
  });

  it('422 naming the dimensions when no dimension names the service', () => {
    const source = cloudwatch(recordingGet({}).get);
    const body = alarm('ALARM');
    body.Trigger.Dimensions = [{ name: 'InstanceId', value: 'i-0123456789abcdef0' }];
    expect(source.parse(notification(body), '', {})).toMatchObject({
      ok: false,
      error: { status: 422, field: 'Message.Trigger.Dimensions.service' },
    });
  });

  describe('subscription confirmation', () => {
    const confirmation = (subscribeUrl = SUBSCRIBE_URL) =>
      sign({
        Type: 'SubscriptionConfirmation',
        MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
        Token: '2336412f37fb687f5d51e6e2425dacbba',
        TopicArn: TOPIC,
        Message: `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
        SubscribeURL: subscribeUrl,
        Timestamp: '2026-11-25T19:00:00.000Z',
        SignatureVersion: '1',
        SigningCertURL: CERT_URL,
      });

    it('verifies the confirmation and GETs the SubscribeURL through the injected fetcher', async () => {
      const get = recordingGet({ [CERT_URL]: CERT_PEM, [SUBSCRIBE_URL]: '<ConfirmSubscriptionResponse/>' });
      const source = cloudwatch(get.get);
      const response = await handleWebhook(source, request(confirmation()));
      expect(response.status).toBe(200);
      expect(get.urls).toEqual([CERT_URL, SUBSCRIBE_URL]);
      expect(response.alerts).toEqual([]);
      expect(response.action).toEqual({ ok: true, detail: `confirmed the subscription to ${TOPIC}` });
      expect(response.body).toMatchObject({
        ignored: 'subscription confirmation',
        action: { kind: 'confirm_subscription', ok: true },
      });
    });

    it('answers 502 when the confirmation GET fails', async () => {
      const get = recordingGet({ [CERT_URL]: CERT_PEM });
      const response = await handleWebhook(cloudwatch(get.get), request(confirmation()));
      expect(response.status).toBe(502);
      expect(response.action).toEqual({ ok: false, detail: 'SubscribeURL answered HTTP 404' });
    });

    it('refuses a signed SubscribeURL that is not the topic region SNS host, without GETting it', async () => {
      const evil = 'https://sns.us-east-1.amazonaws.com.evil.example/?Action=ConfirmSubscription';
      const get = recordingGet({ [CERT_URL]: CERT_PEM });
      const response = await handleWebhook(cloudwatch(get.get), request(confirmation(evil)));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { field: 'SubscribeURL' } });
      expect(get.urls).toEqual([CERT_URL]);
    });

    it('leaves confirmation to a human when auto_confirm is off', async () => {
      const get = recordingGet({ [CERT_URL]: CERT_PEM });
      const response = await handleWebhook(
        cloudwatch(get.get, { auto_confirm: false }),
        request(confirmation()),
      );
      expect(response.status).toBe(200);
      expect(response.action).toBeUndefined();
      expect(get.urls).toEqual([CERT_URL]);
    });

    it('acknowledges an UnsubscribeConfirmation without alerts', () => {
      const source = cloudwatch(recordingGet({}).get);
      const message = { ...confirmation(), Type: 'UnsubscribeConfirmation' as const };
      expect(source.parse(message, '', {})).toMatchObject({
        ok: true,
        alerts: [],
        ignored: `unsubscribed from ${TOPIC}`,
      });
    });
  });
});
