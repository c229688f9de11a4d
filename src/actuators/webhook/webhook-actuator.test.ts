/**
 * The webhook actuator against the loopback recording server. The Argo Rollouts requests
 * follow the Argo Rollouts kubectl plugin reference ("kubectl argo rollouts abort": a merge
 * patch `{"status":{"abort":true}}` on the Rollout's status subresource, "retry" clearing
 * it) sent through the Kubernetes API path conventions (API Concepts: resource URIs,
 * subresources). The Rundeck requests follow the Rundeck API reference, "Running a Job"
 * (POST /api/V/job/ID/run with a JSON `options` map, X-Rundeck-Auth-Token header; the answer
 * is the execution, with its numeric `id`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../../connectors/testing/recording-server.js';
import { WebhookActuator } from './webhook-actuator.js';
import {
  type WebhookActuatorOptionsInput,
  WebhookActuatorOptionsSchema,
} from './webhook-actuator-options.js';
import { ctx, data, errorOf, HOSTILE, step } from './webhook-testing.js';

let recorder: RecordingServer | undefined;
afterEach(async () => {
  await recorder?.close();
  recorder = undefined;
});

const ROLLOUT = '/apis/argoproj.io/v1alpha1/namespaces/{{params.namespace}}/rollouts/{{service}}/status';

function argo(url: string, extra: Partial<WebhookActuatorOptionsInput> = {}): WebhookActuatorOptionsInput {
  const patch = (abort: boolean) => ({
    method: 'PATCH' as const,
    url: `${url}${ROLLOUT}`,
    headers: { 'Content-Type': 'application/merge-patch+json', Authorization: 'Bearer kube-token' },
    body: { status: { abort } },
  });
  return {
    strategies: {
      rollback: { apply: patch(true), undo: patch(false), summary: 'abort the rollout of {{service}}' },
    },
    ...extra,
  };
}

async function actuatorOn(
  options: (url: string) => WebhookActuatorOptionsInput,
  answer: Parameters<typeof startRecordingServer>[0] = () => ({ body: {} }),
) {
  recorder = await startRecordingServer(answer);
  return new WebhookActuator(WebhookActuatorOptionsSchema.parse(options(recorder.url)));
}

describe('WebhookActuatorOptionsSchema', () => {
  const parse = (input: unknown) => WebhookActuatorOptionsSchema.safeParse(input);
  const paths = (input: unknown) =>
    parse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const apply = (patch: Record<string, unknown>) => ({
    strategies: { restart: { apply: { url: 'https://ops.example/restart', ...patch }, reversible: false } },
  });

  it('defaults to dry_run and POST, and supports exactly the configured strategies', () => {
    const options = WebhookActuatorOptionsSchema.parse(apply({}));
    expect(options.dry_run).toBe(true);
    expect(options.strategies.restart?.apply.method).toBe('POST');
    const actuator = new WebhookActuator(options);
    expect(['rollback', 'restart', 'none'].map((s) => actuator.supports(s as never))).toEqual([
      false,
      true,
      false,
    ]);
  });

  it('refuses a placeholder in the scheme or host, naming the key', () => {
    expect(paths(apply({ url: 'https://{{labels.host}}/x' }))).toEqual([
      'strategies.restart.apply.url: expected an http(s) URL whose scheme and host hold no {{placeholder}}',
    ]);
    expect(paths(apply({ url: 'https://ops.example{{labels.port}}/x' }))?.[0]).toMatch(
      /^strategies\.restart\.apply\.url:/,
    );
    expect(parse(apply({ url: 'https://ops.example:8443/{{service}}?q={{labels.x}}' })).success).toBe(true);
    expect(paths(apply({ method: 'GET', body: { a: 1 } }))).toEqual([
      'strategies.restart.apply.method: a GET request has no body',
    ]);
    expect(paths(apply({ headers: { 'X Bad': 'v' } }))).toEqual([
      'strategies.restart.apply.headers.X Bad: not a header name',
    ]);
  });

  it('refuses a JSON text body that puts a placeholder outside a string', () => {
    expect(paths(apply({ body: '{"replicas": {{params.replicas}}}' }))).toEqual([
      'strategies.restart.apply.body: {{params.replicas}} must be inside a JSON string ("{{params.replicas}}"); use a mapping body to send typed values',
    ]);
    expect(parse(apply({ body: '{"note": "{{labels.summary}} on {{service}}"}' })).success).toBe(true);
  });

  it('requires an undo unless the strategy says it needs none, and refuses "none"', () => {
    expect(paths({ strategies: { rollback: { apply: { url: 'https://ops.example/r' } } } })).toEqual([
      'strategies.rollback.undo: required unless reversible: false',
    ]);
    expect(paths({ strategies: { none: { apply: { url: 'https://ops.example/r' } } } })?.[0]).toContain(
      'Unrecognized key: "none"',
    );
    expect(paths({ strategies: {} })).toEqual(['strategies: configure at least one strategy']);
  });
});

describe('WebhookActuator', () => {
  it('in dry run (the default) sends nothing and returns the exact request it would send', async () => {
    const actuator = await actuatorOn((url) => argo(url));
    const preview = data(await actuator.plan(step('rollback', { namespace: 'shop' }), ctx()));
    expect(preview.summary).toBe('dry run (nothing sent): would abort the rollout of checkout');
    const request = [
      `PATCH ${recorder!.url}/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout/status`,
      'content-type: application/merge-patch+json',
      'authorization: <redacted>',
      '{"status":{"abort":true}}',
    ].join('\n');
    expect(preview.diff).toBe(request);

    const receipt = data(await actuator.apply(step('rollback', { namespace: 'shop' }), ctx()));
    expect(receipt.detail).toBe(
      `DRY RUN (dry_run: true): nothing was sent; would abort the rollout of checkout:\n${request}`,
    );
    const undone = data(await actuator.undo(step('rollback'), receipt, ctx()));
    expect(undone.detail).toBe('the rollback was a dry run; nothing was sent, nothing to undo');
    expect(recorder!.requests).toHaveLength(0);
  });

  it('aborts an Argo Rollout and undoes it with a retry (merge patches on the status subresource)', async () => {
    const actuator = await actuatorOn(
      (url) => argo(url, { dry_run: false }),
      (r) => ({
        body: { kind: 'Rollout', metadata: { name: 'checkout' }, status: JSON.parse(r.body).status },
      }),
    );
    const receipt = data(await actuator.apply(step('rollback', { namespace: 'shop' }), ctx()));
    expect(receipt.detail.split('\n')[0]).toBe('abort the rollout of checkout: HTTP 200');
    expect(receipt.undo_token).toMatchObject({
      actuator: 'webhook',
      strategy: 'rollback',
      dry_run: false,
      variables: { service: 'checkout', 'params.namespace': 'shop', incident_id: 'inc-42' },
    });
    // The undo is rendered from the receipt alone: the step passed in is a different one.
    const undone = data(await actuator.undo(step('rollback', {}, 'other'), receipt, ctx()));
    expect(undone.detail.split('\n')[0]).toBe('undid rollback of checkout: HTTP 200');

    const [abort, retry] = recorder!.requests;
    for (const r of [abort, retry]) {
      expect([r.method, r.path]).toEqual([
        'PATCH',
        '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout/status',
      ]);
      expect(r.headers['content-type']).toBe('application/merge-patch+json');
      expect(r.headers.authorization).toBe('Bearer kube-token');
    }
    expect(JSON.parse(abort.body)).toEqual({ status: { abort: true } });
    expect(JSON.parse(retry.body)).toEqual({ status: { abort: false } });
  });

  it('runs a Rundeck job with typed options and undoes it with the captured execution id', async () => {
    const job = (id: string, options: Record<string, string>) => ({
      url: `${recorder!.url}/api/41/job/${id}/run?incident={{incident_id}}`,
      headers: { 'X-Rundeck-Auth-Token': 'rd-token' },
      body: { options, loglevel: 'INFO' },
    });
    recorder = await startRecordingServer((r) => ({
      body: { id: r.path.includes('scale-up') ? 42 : 43, status: 'running', project: 'ops' },
    }));
    const actuator = new WebhookActuator(
      WebhookActuatorOptionsSchema.parse({
        dry_run: false,
        strategies: {
          scale_up: {
            apply: {
              ...job('scale-up', { service: '{{service}}', replicas: '{{params.to_replicas}}' }),
              capture: { execution_id: 'id' },
            },
            undo: job('scale-back', {
              service: '{{service}}',
              replicas: '{{params.from_replicas}}',
              undoes: 'execution {{response.execution_id}}',
            }),
          },
        },
      }),
    );
    const receipt = data(
      await actuator.apply(step('scale_up', { from_replicas: 3, to_replicas: 5 }, 'payments'), ctx()),
    );
    expect(receipt.undo_token).toMatchObject({ response: { execution_id: 42 } });
    await actuator.undo(step('scale_up'), receipt, ctx());

    const [run, undo] = recorder.requests;
    expect([run.method, run.path, run.query.get('incident')]).toEqual([
      'POST',
      '/api/41/job/scale-up/run',
      'inc-42',
    ]);
    expect(run.headers['x-rundeck-auth-token']).toBe('rd-token');
    expect(run.headers['content-type']).toBe('application/json');
    expect(JSON.parse(run.body)).toEqual({ options: { service: 'payments', replicas: 5 }, loglevel: 'INFO' });
    expect(undo.path).toBe('/api/41/job/scale-back/run');
    expect(JSON.parse(undo.body).options).toEqual({
      service: 'payments',
      replicas: 3,
      undoes: 'execution 42',
    });
  });

  it('escapes hostile alert labels: the JSON body round-trips them and the URL carries them encoded', async () => {
    const actuator = await actuatorOn((url) => ({
      dry_run: false,
      strategies: {
        restart: {
          reversible: false,
          apply: {
            url: `${url}/hooks/{{labels.shell}}/{{labels.mixed}}?q={{labels.json}}&b={{labels.backticks}}`,
            headers: { 'X-Reason': '{{labels.substitution}}' },
            body: '{"shell": "{{labels.shell}}", "sub": "{{labels.substitution}}", "ticks": "{{labels.backticks}}", "json": "{{labels.json}}", "mixed": "{{labels.mixed}}"}',
          },
        },
      },
    }));
    data(await actuator.apply(step('restart', { labels: HOSTILE }), ctx()));
    const [sent] = recorder!.requests;
    expect(JSON.parse(sent.body)).toEqual({
      shell: HOSTILE.shell,
      sub: HOSTILE.substitution,
      ticks: HOSTILE.backticks,
      json: HOSTILE.json,
      mixed: HOSTILE.mixed,
    });
    const segments = sent.path.split('/').map(decodeURIComponent);
    expect(segments).toEqual(['', 'hooks', HOSTILE.shell, HOSTILE.mixed]);
    expect([sent.query.get('q'), sent.query.get('b')]).toEqual([HOSTILE.json, HOSTILE.backticks]);
    expect([...sent.query.keys()]).toEqual(['q', 'b']);
    expect(sent.headers['x-reason']).toBe(HOSTILE.substitution);
  });

  it('sends a form body with hostile values encoded, so they decode to exactly what the alert said', async () => {
    const actuator = await actuatorOn((url) => ({
      dry_run: false,
      strategies: {
        shed_load: {
          reversible: false,
          apply: {
            url: `${url}/shed`,
            form: { service: '{{service}}', reason: '{{labels.json}} {{labels.shell}}' },
          },
        },
      },
    }));
    data(await actuator.apply(step('shed_load', { labels: HOSTILE }), ctx()));
    const [sent] = recorder!.requests;
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(sent.body);
    expect([...form.keys()]).toEqual(['service', 'reason']);
    expect(form.get('reason')).toBe(`${HOSTILE.json} ${HOSTILE.shell}`);
  });

  it('refuses values that would traverse the path or split a header, sending nothing', async () => {
    const actuator = await actuatorOn((url) => ({
      dry_run: false,
      strategies: {
        restart: {
          reversible: false,
          apply: { url: `${url}/svc/{{labels.app}}/restart`, headers: { 'X-Note': '{{labels.note}}' } },
        },
      },
    }));
    const traversal = errorOf(
      await actuator.apply(step('restart', { labels: { app: '..', note: 'x' } }), ctx()),
    );
    expect(traversal).toEqual({
      message:
        'integrations.webhook_actuator.strategies.restart.apply.url: {{labels.app}} is "..", a relative path segment; refused in a URL',
      retryable: false,
    });
    const split = errorOf(
      await actuator.apply(step('restart', { labels: { app: 'a', note: 'x\r\nX-Admin: 1' } }), ctx()),
    );
    expect(split.message).toBe(
      'integrations.webhook_actuator.strategies.restart.apply.headers.X-Note: {{labels.note}} holds a line break or NUL; refused in a header',
    );
    const missing = errorOf(await actuator.plan(step('restart'), ctx()));
    expect(missing.message).toBe(
      'integrations.webhook_actuator.strategies.restart.apply.url: {{labels.app}} has no value for this step',
    );
    expect(recorder!.requests).toHaveLength(0);
  });

  it('reports a 5xx word for word as retryable and never retries an action', async () => {
    const actuator = await actuatorOn(
      (url) => argo(url, { dry_run: false, retries: 3 }),
      () => ({ status: 503, body: 'upstream busy' }),
    );
    const error = errorOf(await actuator.apply(step('rollback', { namespace: 'shop' }), ctx()));
    expect(error).toEqual({
      message:
        'webhook HTTP 503 from PATCH /apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout/status: upstream busy',
      retryable: true,
    });
    expect(recorder!.requests).toHaveLength(1);
    expect(errorOf(await actuator.apply(step('restart'), ctx())).message).toBe(
      'strategy restart is not configured (integrations.webhook_actuator.strategies.restart)',
    );
    expect(
      errorOf(await actuator.undo(step('rollback'), { detail: '', undo_token: null }, ctx())).message,
    ).toBe('undo_token is missing or was not issued by the webhook actuator');
  });

  it('describes a target with the optional GET, and has no data without one', async () => {
    const actuator = await actuatorOn(
      (url) => argo(url, { describe: { method: 'GET', url: `${url}/targets/{{service}}` } }),
      (r) => (r.path === '/targets/checkout' ? { body: { replicas: 4, version: 'v9' } } : { body: [1] }),
    );
    expect(data(await actuator.describe('checkout', ctx()))).toEqual({ replicas: 4, version: 'v9' });
    expect(errorOf(await actuator.describe('other', ctx())).message).toBe(
      'unexpected describe answer: expected a JSON object',
    );
    expect(recorder!.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /targets/checkout',
      'GET /targets/other',
    ]);
    const bare = new WebhookActuator(WebhookActuatorOptionsSchema.parse(argo(recorder!.url)));
    expect((await bare.describe('checkout', ctx())).kind).toBe('no_data');
  });
});
