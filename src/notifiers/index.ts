/** Notification channels (Slack, PagerDuty, Opsgenie, Splunk On-Call, Teams, webhooks) and their router. */
export * from './bounded-map.js';
export * from './create-notifiers.js';
export {
  DeliveryError,
  type DeliveryOptions,
  deliveryOptionFields,
  type NotifierDeps,
} from './delivery.js';
export * from './message-format.js';
export * from './notification-severity.js';
export * from './notifier-router.js';
export * from './opsgenie-notifier.js';
export * from './pagerduty-notifier.js';
export * from './postmortem-attachment.js';
export * from './route.js';
export * from './slack-blocks.js';
export * from './slack-interaction.js';
export * from './slack-notifier.js';
export * from './slack-signature.js';
export * from './teams-card.js';
export * from './teams-notifier.js';
export * from './victorops-notifier.js';
export * from './webhook-notifier.js';
