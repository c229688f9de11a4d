/**
 * A notification as a Microsoft Teams message carrying one Adaptive Card: title, summary,
 * a FactSet of the fields, the plan and the details, and an Action.OpenUrl to the incident
 * (webhook cards cannot submit, so approval happens behind the link). A small last line
 * carries the audit chain head (`SEQ:HASH`) when the event has one.
 */
import type { NotificationMessage } from './message-format.js';
import { truncate } from './message-format.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function teamsMessage(message: NotificationMessage, severity: string): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    {
      type: 'TextBlock',
      text: truncate(message.title, 500),
      size: 'Large',
      weight: 'Bolder',
      style: 'heading',
      color: colorOf(message, severity),
      wrap: true,
    },
    { type: 'TextBlock', text: truncate(message.summary, 2000), wrap: true },
    {
      type: 'FactSet',
      facts: message.fields.map((f) => ({ title: f.label, value: truncate(f.value, 1000) })),
    },
  ];
  if (message.plan) {
    const steps = message.plan.steps.map((step, index) => `${index + 1}. ${step}`);
    body.push({
      type: 'TextBlock',
      text: [`**Plan:** ${message.plan.headline}`, ...steps].join('\n\n'),
      wrap: true,
    });
  }
  if (message.details.length > 0) {
    body.push({ type: 'TextBlock', text: message.details.join('\n\n'), wrap: true, isSubtle: true });
  }
  if (message.auditHead) {
    body.push({
      type: 'TextBlock',
      text: `Audit head: ${message.auditHead}`,
      size: 'Small',
      isSubtle: true,
      wrap: true,
    });
  }
  const actions = message.link
    ? [
        {
          type: 'Action.OpenUrl',
          title: message.kind === 'approval_requested' ? 'Review and approve in afr' : 'Open in afr',
          url: message.link,
        },
      ]
    : [];
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body,
          ...(actions.length > 0 ? { actions } : {}),
        },
      },
    ],
  };
}

function colorOf(message: NotificationMessage, severity: string): string {
  if (message.kind === 'resolved') return 'Good';
  if (severity === 'critical' || severity === 'high') return 'Attention';
  if (severity === 'medium') return 'Warning';
  return 'Default';
}
