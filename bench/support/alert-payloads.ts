/**
 * Request bodies for the intake benchmark, unique per request so nothing deduplicates:
 * an Alertmanager webhook notification (payload version 4, as Alertmanager's webhook_config
 * sends it) for afr's `POST /webhooks/alertmanager`, and the same alerts as Alertmanager's
 * own `POST /api/v2/alerts` body (a list of postable alerts, as Prometheus sends them).
 * Alert `n` of a run has its own fingerprint, `instance` label and start time; requests
 * rotate over a few services, one group (alertname + service) per request, as Alertmanager
 * groups a notification.
 */

export interface BenchAlert {
  alertname: string;
  service: string;
  instance: string;
  fingerprint: string;
  startsAt: string;
  /** Alertmanager severity word (default `warning`). */
  severity?: string;
}

/** The alerts of request `seq` carrying `perRequest` alerts each. */
export function benchAlerts(seq: number, perRequest: number, run: string, services = 5): BenchAlert[] {
  const service = `bench-svc-${seq % services}`;
  const base = Date.UTC(2026, 0, 1);
  const alerts: BenchAlert[] = [];
  for (let i = 0; i < perRequest; i++) {
    const n = seq * perRequest + i;
    alerts.push({
      alertname: 'BenchLoad',
      service,
      instance: `load-${n}`,
      fingerprint: `${run}${n.toString(16).padStart(12, '0')}`,
      startsAt: new Date(base + n).toISOString(),
    });
  }
  return alerts;
}

/** An Alertmanager webhook notification (version 4) with these alerts, all firing. */
export function webhookBody(alerts: BenchAlert[]): string {
  const first = alerts[0];
  const items = alerts.map(
    (a) =>
      `{"status":"firing","labels":{"alertname":"${a.alertname}","instance":"${a.instance}","service":"${a.service}","severity":"${a.severity ?? 'warning'}"},` +
      `"annotations":{"summary":"load on ${a.instance}"},"startsAt":"${a.startsAt}","endsAt":"0001-01-01T00:00:00Z",` +
      `"generatorURL":"http://127.0.0.1:9090/graph","fingerprint":"${a.fingerprint}"}`,
  );
  return (
    `{"receiver":"afr","status":"firing","alerts":[${items.join(',')}],` +
    `"groupLabels":{"alertname":"${first.alertname}","service":"${first.service}"},` +
    `"commonLabels":{"alertname":"${first.alertname}","service":"${first.service}"},` +
    `"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4",` +
    `"groupKey":"{}:{alertname=\\"${first.alertname}\\", service=\\"${first.service}\\"}","truncatedAlerts":0}`
  );
}

/** Alertmanager API v2 `POST /api/v2/alerts` body (postableAlerts) with these alerts. */
export function alertmanagerApiBody(alerts: BenchAlert[]): string {
  const items = alerts.map(
    (a) =>
      `{"labels":{"alertname":"${a.alertname}","instance":"${a.instance}","service":"${a.service}","severity":"warning"},` +
      `"annotations":{"summary":"load on ${a.instance}"},"startsAt":"${a.startsAt}","generatorURL":"http://127.0.0.1:9090/graph"}`,
  );
  return `[${items.join(',')}]`;
}
