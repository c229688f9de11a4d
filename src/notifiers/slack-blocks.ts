/**
 * A notification as a Slack Block Kit message: header, summary, fields (severity, service,
 * root cause, confidence, decision), plan, details and, for an approval request, Approve /
 * Reject buttons whose value is the incident id; the closing context line carries the audit
 * chain head (`SEQ:HASH`) when the event has one. Text is cut to Block Kit's limits
 * (header 150, field 2000, section 3000 characters; at most 10 fields).
 *
 * A `resolved` message carries the postmortem: a summary section (and a button to the
 * report when public_url is set) in the blocks, and the whole Markdown report as a
 * secondary attachment, preformatted, which Slack shows collapsed behind "Show more".
 */
import type { NotificationKind } from '../core/ports.js';
import { type NotificationMessage, truncate } from './message-format.js';
import type { PostmortemAttachment } from './postmortem-attachment.js';

export const SLACK_APPROVE_ACTION = 'afr_approve';
export const SLACK_REJECT_ACTION = 'afr_reject';
export const SLACK_OPEN_ACTION = 'afr_open';
export const SLACK_REPORT_ACTION = 'afr_report';
/** The longest Markdown report sent inline; Slack truncates a whole message past 40,000 characters. */
export const SLACK_REPORT_MAX_CHARS = 12_000;

export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  /** Fallback for notifications and screen readers. */
  text: string;
  blocks: SlackBlock[];
  /** Secondary attachments (the postmortem report on resolve). */
  attachments?: SlackBlock[];
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
  options: { approvalButtons: boolean; postmortem?: PostmortemAttachment },
): SlackMessage {
  const postmortem = options.postmortem;
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
  if (postmortem) {
    const text = [
      `*Postmortem:* ${escapeMrkdwn(postmortem.title)}`,
      ...postmortem.summary.map((line) => `• ${escapeMrkdwn(line)}`),
    ].join('\n');
    blocks.push({ type: 'section', text: mrkdwn(truncate(text, 3000)) });
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
  if (postmortem?.links) {
    buttons.push({
      type: 'button',
      action_id: SLACK_REPORT_ACTION,
      text: plain('Postmortem report'),
      url: postmortem.links.html,
    });
  }
  if (buttons.length > 0)
    blocks.push({ type: 'actions', block_id: `afr_actions_${message.kind}`, elements: buttons });
  const context = [
    mrkdwn(`afr · incident \`${escapeMrkdwn(incidentId)}\` · ${escapeMrkdwn(message.kindLabel)}`),
  ];
  if (message.auditHead) context.push(mrkdwn(`audit head \`${escapeMrkdwn(message.auditHead)}\``));
  blocks.push({ type: 'context', elements: context });
  const out: SlackMessage = { text: truncate(message.summary, 3000), blocks };
  if (postmortem) out.attachments = [reportAttachment(postmortem)];
  return out;
}

/** The Markdown report as a preformatted secondary attachment, cut to SLACK_REPORT_MAX_CHARS. */
function reportAttachment(postmortem: PostmortemAttachment): SlackBlock {
  const cut = postmortem.markdown.length > SLACK_REPORT_MAX_CHARS;
  const body = cut
    ? `${postmortem.markdown.slice(0, SLACK_REPORT_MAX_CHARS)}\n… (cut: ${postmortem.markdown.length} characters in all)`
    : postmortem.markdown.trimEnd();
  // Inside a preformatted block only a closing fence would end it early.
  const text = `\`\`\`\n${escapeMrkdwn(body).replaceAll('```', "'''")}\n\`\`\``;
  return {
    color: 'good',
    fallback: `Postmortem: ${postmortem.title}`,
    title: `Postmortem report (Markdown): ${postmortem.title}`,
    ...(postmortem.links ? { title_link: postmortem.links.markdown } : {}),
    text,
    mrkdwn_in: ['text'],
  };
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
