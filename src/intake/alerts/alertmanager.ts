/**
 * Prometheus Alertmanager webhook receiver (webhook_config, payload version 4). Alertmanager
 * authenticates with `http_config.authorization` (Bearer) or `basic_auth`; configure the
 * matching auth here, or rely on the shared token.
 */
import { parseAlertmanagerLike } from './alertmanager-payload.js';
import { authenticateRequest } from './auth.js';
import type { SourceContext } from './source-context.js';
import type { AuthResult, ParseResult, RawBody, WebhookHeaders, WebhookSource } from './types.js';

export class AlertmanagerWebhookSource implements WebhookSource {
  readonly kind = 'alertmanager' as const;
  readonly id: string;

  constructor(private readonly context: SourceContext) {
    this.id = context.id;
  }

  async authenticate(rawBody: RawBody, headers: WebhookHeaders): Promise<AuthResult> {
    return authenticateRequest(this.context.auth, rawBody, headers, {
      source: this.id,
      sharedToken: this.context.sharedToken,
      now: this.context.now,
    });
  }

  parse(json: unknown): ParseResult {
    return parseAlertmanagerLike(json, this.context, {
      alertAnnotations: (_alert, root) => ({
        receiver: root.receiver,
        group_key: root.groupKey,
        external_url: root.externalURL,
      }),
      envelopeWarnings: (root) => {
        const warnings: string[] = [];
        if (root.version !== undefined && root.version !== '4') {
          warnings.push(`unexpected webhook payload version ${String(root.version)} (expected 4)`);
        }
        if (typeof root.truncatedAlerts === 'number' && root.truncatedAlerts > 0) {
          warnings.push(
            `Alertmanager truncated ${root.truncatedAlerts} alert(s) from this group (raise max_alerts in webhook_config)`,
          );
        }
        return warnings;
      },
    });
  }
}
