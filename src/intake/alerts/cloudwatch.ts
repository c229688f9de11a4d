/**
 * AWS CloudWatch alarms delivered by an SNS topic to an HTTPS subscription (raw message
 * delivery off). Every message's SNS signature is verified and its TopicArn must be listed
 * in `topic_arns`. A SubscriptionConfirmation yields a `confirm_subscription` action (GET
 * the SubscribeURL) that `performAction` carries out; a Notification's Message is the alarm
 * JSON: NewStateValue ALARM fires, OK resolves, INSUFFICIENT_DATA is ignored unless
 * configured to fire. Dimensions (ServiceName, FunctionName, ...) become labels.
 */
import { z } from 'zod';
import type { AlertDraft } from './build-alert.js';
import { labelsFingerprint } from './intake-key.js';
import {
  epochSeconds,
  isObject,
  type JsonObject,
  labelText,
  optionalString,
  parseJsonBody,
} from './payload.js';
import { parseTopicArn, readSnsMessage, type SnsMessage, snsUrlProblem } from './sns-message.js';
import { SnsSignatureVerifier } from './sns-verifier.js';
import { buildAll, type SourceContext } from './source-context.js';
import {
  type ActionOutcome,
  type AuthResult,
  type HttpGet,
  headerValue,
  intakeError,
  type ParseResult,
  type RawBody,
  type WebhookAction,
  type WebhookHeaders,
  type WebhookSource,
} from './types.js';

export const CloudWatchSourceOptionsSchema = z.object({
  /** SNS topics whose messages are accepted (exact ARNs). Required for anything to pass. */
  topic_arns: z.array(z.string().min(1)).default([]),
  /** Confirm SNS subscriptions automatically (for listed topics only). */
  auto_confirm: z.boolean().default(true),
  /** What INSUFFICIENT_DATA means: ignore it, or treat it as firing. */
  insufficient_data: z.enum(['ignore', 'firing']).default('ignore'),
});
export type CloudWatchSourceOptions = z.output<typeof CloudWatchSourceOptionsSchema>;

export class CloudWatchSnsWebhookSource implements WebhookSource {
  readonly kind = 'cloudwatch' as const;
  readonly id: string;
  private readonly verifier: SnsSignatureVerifier;

  constructor(
    private readonly context: SourceContext,
    private readonly options: CloudWatchSourceOptions,
    private readonly httpGet: HttpGet,
  ) {
    this.id = context.id;
    this.verifier = new SnsSignatureVerifier({ topicArns: options.topic_arns, httpGet, now: context.now });
  }

  async authenticate(rawBody: RawBody, headers: WebhookHeaders, signal?: AbortSignal): Promise<AuthResult> {
    if (this.context.auth?.type === 'none') return { ok: true, method: 'none' };
    if (this.context.auth && this.context.auth.type !== 'sns') {
      return {
        ok: false,
        status: 403,
        reason: `the cloudwatch source verifies SNS signatures, not ${this.context.auth.type}`,
      };
    }
    const body = parseJsonBody(rawBody);
    if (!body.ok) return { ok: false, status: 400, reason: body.error.message };
    const read = readSnsMessage(body.json);
    if (!read.ok) return { ok: false, status: 400, reason: `${read.field}: missing or malformed SNS field` };
    const declared = headerValue(headers, 'x-amz-sns-message-type');
    if (declared && declared !== read.message.Type) {
      return {
        ok: false,
        status: 400,
        reason: `x-amz-sns-message-type ${declared} does not match Type ${read.message.Type}`,
      };
    }
    return this.verifier.verify(read.message, signal);
  }

  parse(json: unknown): ParseResult {
    const read = readSnsMessage(json);
    if (!read.ok) return intakeError(read.field, 'missing or malformed SNS field');
    const message = read.message;
    if (message.Type === 'UnsubscribeConfirmation') {
      return buildAll([], this.context, [], `unsubscribed from ${message.TopicArn}`);
    }
    if (message.Type === 'SubscriptionConfirmation') return this.subscription(message);
    return this.notification(message);
  }

  async performAction(action: WebhookAction, signal?: AbortSignal): Promise<ActionOutcome> {
    const topic = parseTopicArn(action.topic_arn);
    const problem = topic ? snsUrlProblem(action.url, topic.region) : 'has no valid topic';
    if (problem) return { ok: false, detail: `SubscribeURL ${problem}` };
    try {
      const response = await this.httpGet(action.url, signal);
      return response.status === 200
        ? { ok: true, detail: `confirmed the subscription to ${action.topic_arn}` }
        : { ok: false, detail: `SubscribeURL answered HTTP ${response.status}` };
    } catch (error) {
      return {
        ok: false,
        detail: `SubscribeURL failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  private subscription(message: SnsMessage): ParseResult {
    const topic = parseTopicArn(message.TopicArn);
    if (!topic) return intakeError('TopicArn', 'expected an SNS topic ARN');
    const url = message.SubscribeURL ?? '';
    const problem = snsUrlProblem(url, topic.region) ?? confirmUrlProblem(url, message.TopicArn);
    if (problem) return intakeError('SubscribeURL', problem);
    if (!this.options.auto_confirm) {
      return buildAll(
        [],
        this.context,
        [`auto_confirm is off: confirm by visiting the SubscribeURL`],
        'subscription confirmation',
      );
    }
    return {
      ok: true,
      alerts: [],
      warnings: [],
      ignored: 'subscription confirmation',
      action: { kind: 'confirm_subscription', url, topic_arn: message.TopicArn },
    };
  }

  private notification(message: SnsMessage): ParseResult {
    const alarm = parseJsonBody(message.Message);
    if (!alarm.ok || !isObject(alarm.json)) {
      return intakeError(
        'Message',
        'expected a CloudWatch alarm as a JSON string (turn raw message delivery off)',
      );
    }
    const draft = readAlarm(alarm.json, message, this.options);
    if ('ignored' in draft) return buildAll([], this.context, [], draft.ignored);
    if ('field' in draft) return intakeError(draft.field, draft.message);
    return buildAll([draft], this.context);
  }
}

function confirmUrlProblem(url: string, topicArn: string): string | undefined {
  const params = new URL(url).searchParams;
  if (params.get('Action') !== 'ConfirmSubscription') return 'must be a ConfirmSubscription request';
  if (params.get('TopicArn') !== topicArn) return 'must confirm the message TopicArn';
  return undefined;
}

function readAlarm(
  alarm: JsonObject,
  message: SnsMessage,
  options: CloudWatchSourceOptions,
): AlertDraft | { field: string; message: string } | { ignored: string } {
  const name = optionalString(alarm.AlarmName);
  if (!name) return { field: 'Message.AlarmName', message: 'required: expected a string' };
  const state = alarm.NewStateValue;
  if (state !== 'ALARM' && state !== 'OK' && state !== 'INSUFFICIENT_DATA') {
    return { field: 'Message.NewStateValue', message: 'expected ALARM, OK or INSUFFICIENT_DATA' };
  }
  if (state === 'INSUFFICIENT_DATA' && options.insufficient_data === 'ignore') {
    return { ignored: `alarm ${name} is INSUFFICIENT_DATA` };
  }
  const startsAt = epochSeconds(alarm.StateChangeTime);
  if (startsAt === undefined)
    return { field: 'Message.StateChangeTime', message: 'required: expected a timestamp' };

  const trigger = isObject(alarm.Trigger) ? alarm.Trigger : {};
  const labels: Record<string, string> = {};
  const labelFields: Record<string, string> = {};
  const dimensions = Array.isArray(trigger.Dimensions) ? trigger.Dimensions : [];
  for (const [index, dimension] of dimensions.entries()) {
    if (!isObject(dimension)) continue;
    const key = optionalString(dimension.name);
    const value = labelText(dimension.value);
    if (key && value) {
      labels[key] = value;
      labelFields[key] = `Message.Trigger.Dimensions[${index}].value`;
    }
  }
  const region = optionalString(alarm.AlarmArn)?.split(':')[3] ?? parseTopicArn(message.TopicArn)?.region;
  for (const [key, value] of Object.entries({
    alarm_name: name,
    namespace: trigger.Namespace,
    metric_name: trigger.MetricName,
    account_id: alarm.AWSAccountId,
    region,
  })) {
    const text = labelText(value);
    if (text && labels[key] === undefined) labels[key] = text;
  }
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    alarm_arn: alarm.AlarmArn,
    description: alarm.AlarmDescription,
    new_state_reason: alarm.NewStateReason,
    new_state_value: state,
    old_state_value: alarm.OldStateValue,
    region_name: alarm.Region,
    threshold: trigger.Threshold,
    comparison_operator: trigger.ComparisonOperator,
    sns_message_id: message.MessageId,
    subject: message.Subject,
  })) {
    const text = labelText(value);
    if (text) annotations[key] = text;
  }
  const identity = optionalString(alarm.AlarmArn) ?? `${labels.account_id ?? ''}/${region ?? ''}/${name}`;
  const reason = optionalString(alarm.NewStateReason);
  return {
    labelsPath: 'Message.Trigger.Dimensions',
    labelFields,
    labels,
    annotations,
    status: state === 'OK' ? 'resolved' : 'firing',
    startsAt,
    fingerprint: `cloudwatch-${labelsFingerprint({ alarm: identity })}`,
    message: reason ? `${name}: ${reason}` : name,
  };
}
