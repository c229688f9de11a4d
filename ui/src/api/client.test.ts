import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, queryString, UnauthorizedError } from './client.js';

function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const impl = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as typeof fetch;
  return { calls, impl };
}

describe('queryString', () => {
  it('keeps only defined, non-empty values', () => {
    expect(queryString({ state: 'resolved', service: '', limit: 100, offset: undefined })).toBe(
      '?state=resolved&limit=100',
    );
    expect(queryString({})).toBe('');
  });
});

describe('ApiClient', () => {
  it('sends the bearer token and the filters', async () => {
    const { calls, impl } = fakeFetch(200, { incidents: [], total: 0 });
    const client = new ApiClient('tok', '/api/v1', impl);
    await expect(client.incidents({ severity: 'high', limit: 50 })).resolves.toEqual({
      incidents: [],
      total: 0,
    });
    expect(calls[0].url).toBe('/api/v1/incidents?severity=high&limit=50');
    expect((calls[0].init!.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it('fetches a page larger than the API allows as several requests, in order', async () => {
    const calls: string[] = [];
    const impl = (async (url: string) => {
      calls.push(url);
      const q = new URL(url, 'http://afr').searchParams;
      const offset = Number(q.get('offset'));
      const limit = Number(q.get('limit'));
      const incidents = Array.from({ length: Math.max(0, Math.min(limit, 1200 - offset)) }, (_, i) => ({
        id: `INC-${offset + i}`,
      }));
      return new Response(JSON.stringify({ incidents, total: 1200 }), { status: 200 });
    }) as typeof fetch;
    const client = new ApiClient('tok', '/api/v1', impl);
    const list = await client.incidents({ state: 'resolved', limit: 1000, offset: 100 });
    expect(calls.sort()).toEqual([
      '/api/v1/incidents?state=resolved&limit=500&offset=100',
      '/api/v1/incidents?state=resolved&limit=500&offset=600',
    ]);
    expect(list.total).toBe(1200);
    expect(list.incidents.map((i) => i.id)).toEqual(Array.from({ length: 1000 }, (_, i) => `INC-${100 + i}`));
    const last = await client.incidents({ limit: 1000, offset: 1000 });
    expect(last.incidents).toHaveLength(200);
  });

  it('posts decisions as JSON', async () => {
    const { calls, impl } = fakeFetch(200, { incident: { id: 'INC/1' } });
    const client = new ApiClient('tok', '/api/v1', impl);
    await client.reject('INC/1', 'wrong service');
    expect(calls[0].url).toBe('/api/v1/incidents/INC%2F1/reject');
    expect(calls[0].init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({ reason: 'wrong service' });
    expect((calls[0].init!.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('turns 401 into UnauthorizedError and other failures into ApiError with the server message', async () => {
    const unauthorized = new ApiClient('bad', '/api/v1', fakeFetch(401, { error: 'invalid token' }).impl);
    await expect(unauthorized.me()).rejects.toBeInstanceOf(UnauthorizedError);
    const forbidden = new ApiClient('v', '/api/v1', fakeFetch(403, { error: 'viewers cannot decide' }).impl);
    await expect(forbidden.approve('INC-1')).rejects.toMatchObject({
      status: 403,
      message: 'viewers cannot decide',
    });
    const broken = new ApiClient('v', '/api/v1', fakeFetch(502, 'Bad Gateway').impl);
    const error = await broken.insights().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('Bad Gateway');
  });

  it('puts the token in the event stream URL only', () => {
    const client = new ApiClient('a b', '/api/v1', fakeFetch(200, {}).impl);
    expect(client.eventsUrl()).toBe('/api/v1/events?token=a+b');
    expect(client.reportUrl('INC-1', 'md')).toBe('/api/v1/incidents/INC-1/report?format=md');
  });
});
