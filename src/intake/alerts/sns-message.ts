/**
 * Amazon SNS HTTP(S) delivery envelopes: reading them, building the canonical string SNS
 * signs, and checking that SigningCertURL and SubscribeURL point at the SNS endpoint of the
 * topic's own region (https only, no port, no credentials, exact host).
 */
import { isObject, optionalString } from './payload.js';

export const SNS_MESSAGE_TYPES = [
  'Notification',
  'SubscriptionConfirmation',
  'UnsubscribeConfirmation',
] as const;
export type SnsMessageType = (typeof SNS_MESSAGE_TYPES)[number];

export interface SnsMessage {
  Type: SnsMessageType;
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
  UnsubscribeURL?: string;
}

const REQUIRED = [
  'MessageId',
  'TopicArn',
  'Message',
  'Timestamp',
  'SignatureVersion',
  'Signature',
  'SigningCertURL',
];

/** Reads an SNS envelope, naming the first missing or malformed field. */
export function readSnsMessage(
  json: unknown,
): { ok: true; message: SnsMessage } | { ok: false; field: string } {
  if (!isObject(json)) return { ok: false, field: '$' };
  if (!(SNS_MESSAGE_TYPES as readonly unknown[]).includes(json.Type)) return { ok: false, field: 'Type' };
  for (const field of REQUIRED) {
    if (typeof json[field] !== 'string' || json[field] === '') return { ok: false, field };
  }
  const confirmation = json.Type !== 'Notification';
  if (confirmation && (!optionalString(json.SubscribeURL) || !optionalString(json.Token))) {
    return { ok: false, field: optionalString(json.SubscribeURL) ? 'Token' : 'SubscribeURL' };
  }
  for (const field of ['Subject', 'SubscribeURL', 'Token', 'UnsubscribeURL']) {
    if (json[field] !== undefined && json[field] !== null && typeof json[field] !== 'string') {
      return { ok: false, field };
    }
  }
  return { ok: true, message: json as unknown as SnsMessage };
}

/**
 * The string SNS signs: `Name\nvalue\n` for each field, in byte order of the names.
 * Notification: Message, MessageId, Subject (when present), Timestamp, TopicArn, Type.
 * Confirmations: Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
 */
export function snsStringToSign(message: SnsMessage): string {
  const fields =
    message.Type === 'Notification'
      ? [
          'Message',
          'MessageId',
          ...(typeof message.Subject === 'string' ? ['Subject'] : []),
          'Timestamp',
          'TopicArn',
          'Type',
        ]
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const record = message as unknown as Record<string, string>;
  return fields.map((name) => `${name}\n${record[name]}\n`).join('');
}

export interface TopicArnParts {
  partition: string;
  region: string;
  account: string;
  topic: string;
}

/** `arn:aws:sns:us-east-1:123456789012:alarms` → its parts. */
export function parseTopicArn(arn: string): TopicArnParts | undefined {
  const match =
    /^arn:(aws|aws-cn|aws-us-gov):sns:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/.exec(
      arn,
    );
  if (!match) return undefined;
  return { partition: match[1], region: match[2], account: match[3], topic: match[4] };
}

/** The only host SNS uses in the topic's region. */
export function snsHostFor(region: string): string {
  return region.startsWith('cn-') ? `sns.${region}.amazonaws.com.cn` : `sns.${region}.amazonaws.com`;
}

/** Why a URL is not the topic region's SNS endpoint over https, or undefined when it is. */
export function snsUrlProblem(text: string, region: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:') return 'must use https';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.port !== '') return 'must not name a port';
  const host = snsHostFor(region);
  if (url.hostname !== host) return `host must be ${host}`;
  return undefined;
}

/** A SigningCertURL problem: SNS endpoint of the region, serving a .pem file. */
export function signingCertUrlProblem(text: string, region: string): string | undefined {
  const problem = snsUrlProblem(text, region);
  if (problem) return problem;
  const url = new URL(text);
  if (!url.pathname.endsWith('.pem') || url.search !== '') return 'must be a .pem file';
  return undefined;
}
