/**
 * Follows the Amazon CloudWatch API Reference, GetMetricData and MetricDataResult
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html), as the
 * installed SDK sends it: the AWS JSON 1.0 protocol (smithy.io, "AWS JSON 1.0 protocol"),
 * i.e. POST / with X-Amz-Target GraniteServiceVersion20100801.<Operation>, content type
 * application/x-amz-json-1.0, timestamps as epoch seconds, errors as `{"__type", "message"}`
 * plus the awsQueryCompatible `x-amzn-query-error: Code;Fault` header, SigV4-signed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CannedResponse,
  type RecordedRequest,
  type RecordingServer,
  startRecordingServer,
} from '../testing/recording-server.js';
import { CloudWatchMetricsSource } from './cloudwatch-metrics-source.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const range = { start: 1700000000, end: 1700003600 };
const ctx = () => ({ signal: AbortSignal.timeout(5_000) });
const credentials = { accessKeyId: 'AKIDEXAMPLETEST', secretAccessKey: 'test-secret-key' };
const JSON_10 = { 'content-type': 'application/x-amz-json-1.0' };

interface MetricDataQuerySent {
  Id: string;
  MetricStat: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
    Unit?: string;
  };
  ReturnData: boolean;
}

function bodyOf(request: RecordedRequest | undefined) {
  return JSON.parse(request?.body ?? '{}') as {
    MetricDataQueries: MetricDataQuerySent[];
    StartTime: number;
    EndTime: number;
    ScanBy: string;
    NextToken?: string;
    Namespace?: string;
    MetricName?: string;
    Dimensions?: { Name: string; Value?: string }[];
  };
}

function target(request: RecordedRequest): string {
  return String(request.headers['x-amz-target']);
}

async function source(handler: (r: RecordedRequest) => CannedResponse, extra: Record<string, unknown> = {}) {
  server = await startRecordingServer(handler);
  return new CloudWatchMetricsSource(
    {
      region: 'us-east-1',
      endpoint: server.url,
      max_attempts: 1,
      dimensions: [{ name: 'ClusterName', value: 'prod' }],
      metrics: {
        cpu: { namespace: 'AWS/ECS', metric_name: 'CPUUtilization', stat: 'Average', scale: 0.01 },
        latency_p99: {
          namespace: 'AWS/ApplicationELB',
          metric_name: 'TargetResponseTime',
          stat: 'p99',
          dimension_name: 'TargetGroup',
          dimensions: [{ name: 'LoadBalancer', value: 'app/web/50dc6c495c0c9188' }],
          unit: 'Seconds',
        },
      },
      ...extra,
    },
    { credentials },
  );
}

/** A GetMetricData answer in the JSON protocol's shape. */
function metricData(results: unknown[], nextToken?: string): CannedResponse {
  return {
    headers: JSON_10,
    body: { MetricDataResults: results, Messages: [], ...(nextToken ? { NextToken: nextToken } : {}) },
  };
}

describe('CloudWatchMetricsSource', () => {
  it('lists the configured semantic metrics without calling AWS', async () => {
    const cw = await source(() => metricData([]));
    expect(await cw.metricNames(ctx())).toMatchObject({ kind: 'ok', data: ['cpu', 'latency_p99'] });
    expect(server?.requests).toHaveLength(0);
  });

  it('sends one signed GetMetricData with a MetricStat query per service and scales values', async () => {
    const cw = await source(() =>
      metricData([
        {
          Id: 'm0',
          Label: 'CPUUtilization',
          StatusCode: 'Complete',
          Timestamps: [1700000060, 1700000000],
          Values: [55.5, 40],
          Messages: [],
        },
        {
          Id: 'm1',
          Label: 'CPUUtilization',
          StatusCode: 'Complete',
          Timestamps: [],
          Values: [],
          Messages: [],
        },
      ]),
    );
    const outcome = await cw.range(
      { metric: 'cpu', services: ['checkout', 'payment'], range, step_s: 90 },
      ctx(),
    );
    expect(server?.requests).toHaveLength(1);
    const request = server?.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/');
    expect(request && target(request)).toBe('GraniteServiceVersion20100801.GetMetricData');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(String(request?.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLETEST\/\d{8}\/us-east-1\/monitoring\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/,
    );
    const body = bodyOf(request);
    expect(body.StartTime).toBe(1700000000);
    expect(body.EndTime).toBe(1700003600);
    expect(body.ScanBy).toBe('TimestampAscending');
    expect(body.MetricDataQueries).toEqual([
      {
        Id: 'm0',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/ECS',
            MetricName: 'CPUUtilization',
            Dimensions: [
              { Name: 'ClusterName', Value: 'prod' },
              { Name: 'ServiceName', Value: 'checkout' },
            ],
          },
          Period: 120,
          Stat: 'Average',
        },
        ReturnData: true,
      },
      {
        Id: 'm1',
        MetricStat: {
          Metric: {
            Namespace: 'AWS/ECS',
            MetricName: 'CPUUtilization',
            Dimensions: [
              { Name: 'ClusterName', Value: 'prod' },
              { Name: 'ServiceName', Value: 'payment' },
            ],
          },
          Period: 120,
          Stat: 'Average',
        },
        ReturnData: true,
      },
    ]);
    expect(outcome).toMatchObject({
      kind: 'ok',
      source: { connector: 'cloudwatch-metrics' },
      data: [
        {
          service: 'checkout',
          metric: 'cpu',
          points: [
            [1700000000, 0.4],
            [1700000060, 0.555],
          ],
        },
      ],
    });
  });

  it('uses a per-metric dimension, fixed dimensions, percentile stats and units', async () => {
    const cw = await source(() =>
      metricData([{ Id: 'm0', StatusCode: 'Complete', Timestamps: [1700000000], Values: [0.25] }]),
    );
    const outcome = await cw.range(
      { metric: 'latency_p99', services: ['targetgroup/web/943f017f100becff'], range },
      ctx(),
    );
    expect(bodyOf(server?.requests[0]).MetricDataQueries[0].MetricStat).toEqual({
      Metric: {
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'TargetResponseTime',
        Dimensions: [
          { Name: 'ClusterName', Value: 'prod' },
          { Name: 'LoadBalancer', Value: 'app/web/50dc6c495c0c9188' },
          { Name: 'TargetGroup', Value: 'targetgroup/web/943f017f100becff' },
        ],
      },
      Period: 60,
      Stat: 'p99',
      Unit: 'Seconds',
    });
    expect(outcome).toMatchObject({
      kind: 'ok',
      data: [{ service: 'targetgroup/web/943f017f100becff', points: [[1700000000, 0.25]] }],
    });
  });

  it('follows NextToken pages and merges PartialData results', async () => {
    const cw = await source((req) =>
      bodyOf(req).NextToken === 'token-2'
        ? metricData([{ Id: 'm0', StatusCode: 'Complete', Timestamps: [1700000120], Values: [30] }])
        : metricData(
            [{ Id: 'm0', StatusCode: 'PartialData', Timestamps: [1700000000, 1700000060], Values: [10, 20] }],
            'token-2',
          ),
    );
    const outcome = await cw.range({ metric: 'cpu', services: ['checkout'], range }, ctx());
    expect(server?.requests.map((r) => bodyOf(r).NextToken)).toEqual([undefined, 'token-2']);
    expect(outcome).toMatchObject({
      kind: 'ok',
      data: [
        {
          service: 'checkout',
          points: [
            [1700000000, 0.1],
            [1700000060, 0.2],
            [1700000120, 0.3],
          ],
        },
      ],
    });
  });

  it('splits more than 500 queries into several calls', async () => {
    const services = Array.from({ length: 501 }, (_, i) => `svc-${i}`);
    const cw = await source((req) =>
      metricData(
        bodyOf(req).MetricDataQueries.map((q) => ({
          Id: q.Id,
          StatusCode: 'Complete',
          Timestamps: [1700000000],
          Values: [1],
        })),
      ),
    );
    const outcome = await cw.range({ metric: 'cpu', services, range }, ctx());
    expect(server?.requests.map((r) => bodyOf(r).MetricDataQueries.length)).toEqual([500, 1]);
    expect(bodyOf(server?.requests[1]).MetricDataQueries[0].MetricStat.Metric.Dimensions[1]).toEqual({
      Name: 'ServiceName',
      Value: 'svc-500',
    });
    expect(outcome.kind === 'ok' && outcome.data.length).toBe(501);
  });

  it('finds the services with ListMetrics when none are named or configured', async () => {
    const cw = await source((req) => {
      if (target(req) === 'GraniteServiceVersion20100801.ListMetrics') {
        const page2 = bodyOf(req).NextToken === 'more';
        const metric = (service: string) => ({
          Namespace: 'AWS/ECS',
          MetricName: 'CPUUtilization',
          Dimensions: [
            { Name: 'ClusterName', Value: 'prod' },
            { Name: 'ServiceName', Value: service },
          ],
        });
        return {
          headers: JSON_10,
          body: page2 ? { Metrics: [metric('api')] } : { Metrics: [metric('web')], NextToken: 'more' },
        };
      }
      return metricData(
        bodyOf(req).MetricDataQueries.map((q) => ({
          Id: q.Id,
          StatusCode: 'Complete',
          Timestamps: [1700000000],
          Values: [50],
        })),
      );
    });
    const outcome = await cw.range({ metric: 'cpu', range }, ctx());
    const list = server?.requests[0];
    expect(list && target(list)).toBe('GraniteServiceVersion20100801.ListMetrics');
    expect(bodyOf(list)).toMatchObject({
      Namespace: 'AWS/ECS',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'ClusterName', Value: 'prod' }, { Name: 'ServiceName' }],
    });
    expect(
      bodyOf(server?.requests[2]).MetricDataQueries.map((q) => q.MetricStat.Metric.Dimensions[1].Value),
    ).toEqual(['api', 'web']);
    expect(outcome).toMatchObject({ kind: 'ok', data: [{ service: 'api' }, { service: 'web' }] });
  });

  it('reports AWS errors word for word: validation and access denied are permanent', async () => {
    const invalid = await source(() => ({
      status: 400,
      headers: { ...JSON_10, 'x-amzn-query-error': 'InvalidParameterValue;Sender' },
      body: {
        __type: 'com.amazonaws.cloudwatch#InvalidParameterValueException',
        message: 'The parameter Period must be a multiple of 60.',
      },
    }));
    expect(await invalid.range({ metric: 'cpu', services: ['a'], range }, ctx())).toMatchObject({
      kind: 'error',
      retryable: false,
      message: 'InvalidParameterValueException: The parameter Period must be a multiple of 60.',
    });
    await server?.close();
    const denied = await source(() => ({
      status: 403,
      headers: { ...JSON_10, 'x-amzn-query-error': 'AccessDenied;Sender' },
      body: {
        __type: 'com.amazon.coral.service#AccessDeniedException',
        Message:
          'User: arn:aws:iam::123456789012:user/afr is not authorized to perform: cloudwatch:GetMetricData',
      },
    }));
    const outcome = await denied.range({ metric: 'cpu', services: ['a'], range }, ctx());
    expect(outcome).toMatchObject({ kind: 'error', retryable: false });
    if (outcome.kind === 'error')
      expect(outcome.message).toContain('is not authorized to perform: cloudwatch:GetMetricData');
  });

  it('marks throttling and server faults retryable', async () => {
    const throttled = await source(() => ({
      status: 400,
      headers: { ...JSON_10, 'x-amzn-query-error': 'Throttling;Sender' },
      body: { __type: 'Throttling', message: 'Rate exceeded' },
    }));
    expect(await throttled.range({ metric: 'cpu', services: ['a'], range }, ctx())).toMatchObject({
      kind: 'error',
      retryable: true,
    });
    await server?.close();
    const fault = await source(() => ({
      status: 500,
      headers: JSON_10,
      body: { __type: 'com.amazonaws.cloudwatch#InternalServiceFault', message: 'Internal service error' },
    }));
    expect(await fault.range({ metric: 'cpu', services: ['a'], range }, ctx())).toMatchObject({
      kind: 'error',
      retryable: true,
    });
  });

  it('turns a Forbidden result into an error and empty results into no_data', async () => {
    const forbidden = await source(() =>
      metricData([
        {
          Id: 'm0',
          StatusCode: 'Forbidden',
          Timestamps: [],
          Values: [],
          Messages: [{ Code: 'Forbidden', Value: 'Not authorized to read metrics in AWS/ECS' }],
        },
      ]),
    );
    expect(await forbidden.range({ metric: 'cpu', services: ['a'], range }, ctx())).toMatchObject({
      kind: 'error',
      retryable: false,
      message: 'Forbidden for m0: Forbidden Not authorized to read metrics in AWS/ECS',
    });
    await server?.close();
    const empty = await source(() =>
      metricData([{ Id: 'm0', StatusCode: 'Complete', Timestamps: [], Values: [] }]),
    );
    expect((await empty.range({ metric: 'cpu', services: ['a'], range }, ctx())).kind).toBe('no_data');
  });

  it("stops at the caller's deadline and never throws on a malformed answer", async () => {
    const slow = await source(() => ({ ...metricData([]), delayMs: 2_000 }));
    const started = Date.now();
    const outcome = await slow.range(
      { metric: 'cpu', services: ['a'], range },
      { signal: AbortSignal.timeout(50) },
    );
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(outcome).toMatchObject({
      kind: 'error',
      retryable: false,
      message: 'request aborted: the caller deadline passed',
    });
    await server?.close();
    const garbage = await source(() => ({ headers: JSON_10, body: '{"MetricDataResults": "not-a-list"' }));
    expect((await garbage.range({ metric: 'cpu', services: ['a'], range }, ctx())).kind).toBe('error');
  });

  it('refuses a metric it has no mapping for', async () => {
    const cw = await source(() => metricData([]));
    expect(await cw.range({ metric: 'rps', services: ['a'], range }, ctx())).toMatchObject({
      kind: 'error',
      retryable: false,
    });
    expect(server?.requests).toHaveLength(0);
  });
});
