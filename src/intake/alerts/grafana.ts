/**
 * Grafana unified alerting "Webhook" contact point. The payload is Alertmanager's shape plus
 * Grafana fields (orgId, state, title, values, dashboardURL, panelURL, silenceURL...), which
 * are kept as annotations. Auth: the contact point's Authorization header (Bearer), basic
 * auth, or its optional HMAC signature: HMAC-SHA256 over the body (or `<timestamp>:<body>`
 * when a timestamp header is set), hex, in X-Grafana-Alerting-Signature by default.
 */
import { parseAlertmanagerLike } from './alertmanager-payload.js';
import { authenticateRequest } from './auth.js';
import type { SourceContext } from './source-context.js';
import type { AuthResult, ParseResult, RawBody, WebhookHeaders, WebhookSource } from './types.js';

export const GRAFANA_SIGNATURE_HEADER = 'x-grafana-alerting-signature';

export class GrafanaWebhookSource implements WebhookSource {
  readonly kind = 'grafana' as const;
  readonly id: string;

  constructor(private readonly context: SourceContext) {
    this.id = context.id;
  }

  async authenticate(rawBody: RawBody, headers: WebhookHeaders): Promise<AuthResult> {
    return authenticateRequest(this.context.auth, rawBody, headers, {
      source: this.id,
      sharedToken: this.context.sharedToken,
      now: this.context.now,
      hmacDefaults: { header: GRAFANA_SIGNATURE_HEADER },
    });
  }

  parse(json: unknown): ParseResult {
    return parseAlertmanagerLike(json, this.context, {
      alertAnnotations: (alert, root) => ({
        dashboard_url: alert.dashboardURL,
        panel_url: alert.panelURL,
        silence_url: alert.silenceURL,
        image_url: alert.imageURL,
        values: alert.values,
        value_string: alert.valueString,
        org_id: root.orgId,
        receiver: root.receiver,
        group_key: root.groupKey,
        external_url: root.externalURL,
      }),
      envelopeWarnings: (root) =>
        typeof root.truncatedAlerts === 'number' && root.truncatedAlerts > 0
          ? [`Grafana truncated ${root.truncatedAlerts} alert(s) (raise the contact point's Max Alerts)`]
          : [],
    });
  }
}
