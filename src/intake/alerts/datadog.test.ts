// Follows Datadog's "Webhooks" integration page (docs.datadoghq.com/integrations/webhooks/):
// a custom JSON Payload built from template variables — $ALERT_ID (monitor id),
// $ALERT_TRANSITION (Recovered, Triggered/Re-Triggered, No Data/Re-No Data, Warn/Re-Warn,
// Renotify), $ALERT_PRIORITY (P1, P2...), $DATE (epoch milliseconds, e.g. 1406662672000),
// $TAGS / $ALERT_SCOPE (comma-separated key:value tags) — and Custom Headers (JSON) for auth.
import { describe, expect, it } from 'vitest';
import { DATADOG_PAYLOAD_TEMPLATE, tagMap } from './datadog.js';
import { handleWebhook } from './handle-webhook.js';
import { intakeKey } from './intake-key.js';
import { sourceOf } from './test-support.js';

/** What Datadog substitutes for each variable in a sample Triggered notification. */
const VARIABLES: Record<string, string> = {
  $ID: '7384915402937160542',
  $ALERT_ID: '1234',
  $ALERT_CYCLE_KEY: '7384915402937160000',
  $AGGREG_KEY: '9bd4ac313a4d1e8fae2482df7b77628',
  $ALERT_TRANSITION: 'Triggered',
  $ALERT_TYPE: 'error',
  $ALERT_PRIORITY: 'P2',
  $ALERT_TITLE: '[Triggered on {service:checkout,env:prod}] Checkout error rate high',
  $EVENT_TITLE: '[Triggered on {service:checkout,env:prod}] Checkout error rate high',
  $TEXT_ONLY_MSG: 'Error rate above 5% for 5 minutes',
  $ALERT_STATUS: 'trace.http.request.errors over service:checkout,env:prod was > 0.05 on average',
  $ALERT_SCOPE: 'env:prod,service:checkout',
  $ALERT_METRIC: 'trace.http.request.errors',
  $ALERT_QUERY: 'avg(last_5m):sum:trace.http.request.errors{env:prod} by {service} > 0.05',
  $TAGS: 'env:prod,monitor,service:checkout,team:payments',
  $HOSTNAME: '',
  $DATE: '1406662672000',
  $LAST_UPDATED: '1406662672000',
  $LINK: 'https://app.datadoghq.com/event/event?id=7384915402937160542',
  $ORG_ID: '11111',
};

/** The documented template with Datadog's substitutions applied, as Datadog would post it. */
function rendered(overrides: Record<string, string> = {}): string {
  const values = { ...VARIABLES, ...overrides };
  const body = Object.fromEntries(
    Object.entries(DATADOG_PAYLOAD_TEMPLATE).map(([key, variable]) => [key, values[variable]]),
  );
  return JSON.stringify(body);
}

const TOKEN = { 'x-afr-token': 'dd-secret' };
const source = sourceOf('datadog', {
  sources: { datadog: { auth: { type: 'header', name: 'x-afr-token', value: 'dd-secret' } } },
});

describe('datadog webhook source', () => {
  it('parses the documented template after substitution', async () => {
    const response = await handleWebhook(source, { rawBody: rendered(), headers: TOKEN });
    expect(response.status).toBe(200);
    const [alert] = response.alerts;
    expect(alert).toMatchObject({
      service: 'checkout',
      severity: 'high', // $ALERT_PRIORITY P2
      status: 'firing',
      source: 'datadog',
      timestamp: 1406662672, // $DATE is epoch milliseconds
      message: VARIABLES.$ALERT_TITLE,
    });
    expect(alert.labels).toEqual({
      env: 'prod',
      service: 'checkout',
      team: 'payments',
      monitor_id: '1234',
      priority: 'P2',
      alert_type: 'error',
      metric: 'trace.http.request.errors',
    });
    expect(alert.annotations).toMatchObject({
      transition: 'Triggered',
      alert_cycle_key: VARIABLES.$ALERT_CYCLE_KEY,
      description: 'Error rate above 5% for 5 minutes',
      query: VARIABLES.$ALERT_QUERY,
      link: VARIABLES.$LINK,
    });
    expect(alert.fingerprint).toMatch(/^datadog-1234-[0-9a-f]{8}$/);
  });

  it('Recovered resolves the same alert; Re-Triggered later is a new key; a retry is not', () => {
    const parse = (overrides: Record<string, string>) => {
      const result = source.parse(JSON.parse(rendered(overrides)), '', {});
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.alerts[0];
    };
    const triggered = parse({});
    const retry = parse({});
    const recovered = parse({
      $ALERT_TRANSITION: 'Recovered',
      $ALERT_TYPE: 'success',
      $DATE: '1406663272000',
    });
    const retriggered = parse({ $ALERT_TRANSITION: 'Re-Triggered', $DATE: '1406670000000' });
    expect(intakeKey(retry)).toBe(intakeKey(triggered));
    expect(recovered.status).toBe('resolved');
    expect(recovered.fingerprint).toBe(triggered.fingerprint);
    expect(new Set([intakeKey(triggered), intakeKey(recovered), intakeKey(retriggered)]).size).toBe(3);
    expect(retriggered.status).toBe('firing');
    // Another scope of the same multi-alert monitor is another alert.
    const otherScope = parse({ $ALERT_SCOPE: 'env:staging,service:checkout' });
    expect(otherScope.fingerprint).not.toBe(triggered.fingerprint);
  });

  it('authenticates with a custom header token', async () => {
    expect(await source.authenticate(rendered(), TOKEN)).toEqual({ ok: true, method: 'header' });
    expect(await source.authenticate(rendered(), { 'x-afr-token': 'wrong' })).toMatchObject({ status: 403 });
    expect(await source.authenticate(rendered(), {})).toMatchObject({ status: 401 });
  });

  it('names missing fields: alert_id and transition (400), service (422 tags.service)', () => {
    const without = (key: string) => {
      const body = JSON.parse(rendered());
      delete body[key];
      return body;
    };
    expect(source.parse(without('alert_id'), '', {})).toMatchObject({
      ok: false,
      error: { status: 400, field: 'alert_id' },
    });
    expect(source.parse(without('transition'), '', {})).toMatchObject({
      ok: false,
      error: { status: 400, field: 'transition' },
    });
    const unnamed = JSON.parse(rendered({ $TAGS: 'env:prod', $ALERT_SCOPE: 'env:prod' }));
    expect(source.parse(unnamed, '', {})).toMatchObject({
      ok: false,
      error: { status: 422, field: 'tags.service' },
    });
  });

  it('rejects a form-encoded body with 400', async () => {
    const response = await handleWebhook(source, {
      rawBody: 'alert_id=1234&transition=Triggered',
      headers: TOKEN,
    });
    expect(response.status).toBe(400);
  });

  it('reads key:value tags, skipping bare tags and merging repeated keys', () => {
    expect(tagMap('monitor, team:a, team:b, host:web-1:8080, :x')).toEqual({
      team: 'a,b',
      host: 'web-1:8080',
    });
    expect(tagMap(['service:x'])).toEqual({ service: 'x' });
  });
});
