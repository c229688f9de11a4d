/**
 * A notification as a Slack Block Kit message: header, summary, fields (severity, service,
 * root cause, confidence, decision), plan, details and, for an approval request, Approve /
 * Reject buttons whose value is the incident id. Text is cut to Block Kit's limits
 * (header 150, field 2000, section 3000 characters; at most 10 fields).
 */
import type { NotificationKind } from '../core/ports.js';
import { type NotificationMessage, truncate } from './message-format.js';

export const SLACK_APPROVE_ACTION = 'afr_approve';
export const SLACK_REJECT_ACTION = 'afr_reject';
export const SLACK_OPEN_ACTION = 'afr_open';

export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  /** Fallback for notifications and screen readers. */
  text: string;
  blocks: SlackBlock[];
}

const KIND_EMOJI: Record<NotificationKind, string> = {
  incident_opened: ':rotating_light:',
  approval_requested: ':raising_hand:',
  escalated: ':sos:',
  action_taken: ':hammer_and_wrench:',
  resolved: ':white_check_mark:',
  observed: ':eyes:',
};

export function slackMessage(
  message: NotificationMessage,
  incidentId: string,
  options: { approvalButtons: boolean },
): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(truncate(`${KIND_EMOJI[message.kind]} ${message.title}`, 150)) },
    { type: 'section', text: mrkdwn(truncate(escapeMrkdwn(message.summary), 3000)) },
    {
      type: 'section',
      fields: message.fields
        .slice(0, 10)
        .map((field) =>
          mrkdwn(truncate(`*${escapeMrkdwn(field.label)}*\n${escapeMrkdwn(field.value)}`, 2000)),
        ),
    },
  ];
  if (message.plan) {
    const steps = message.plan.steps.map((step, index) => `${index + 1}. ${escapeMrkdwn(step)}`);
    const text = [`*Plan:* ${escapeMrkdwn(message.plan.headline)}`, ...steps].join('\n');
    blocks.push({ type: 'section', text: mrkdwn(truncate(text, 3000)) });
  }
  if (message.details.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(truncate(message.details.map(escapeMrkdwn).join('\n'), 3000)),
    });
  }
  const buttons: SlackBlock[] = [];
  if (message.kind === 'approval_requested' && options.approvalButtons) {
    buttons.push(
      {
        type: 'button',
        action_id: SLACK_APPROVE_ACTION,
        text: plain('Approve'),
        style: 'primary',
        value: incidentId,
        confirm: {
          title: plain('Approve remediation?'),
          text: plain(truncate(message.plan?.headline ?? message.summary, 300)),
          confirm: plain('Approve'),
          deny: plain('Cancel'),
        },
      },
      {
        type: 'button',
        action_id: SLACK_REJECT_ACTION,
        text: plain('Reject'),
        style: 'danger',
        value: incidentId,
      },
    );
  }
  if (message.link) {
    buttons.push({
      type: 'button',
      action_id: SLACK_OPEN_ACTION,
      text: plain('Open in afr'),
      url: message.link,
    });
  }
  if (buttons.length > 0)
    blocks.push({ type: 'actions', block_id: `afr_actions_${message.kind}`, elements: buttons });
  blocks.push({
    type: 'context',
    elements: [mrkdwn(`afr · incident \`${escapeMrkdwn(incidentId)}\` · ${escapeMrkdwn(message.kindLabel)}`)],
  });
  return { text: truncate(message.summary, 3000), blocks };
}

function plain(text: string): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: text || ' ', emoji: true };
}

function mrkdwn(text: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: text || ' ' };
}

/** Slack's three control characters in mrkdwn text. */
function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
