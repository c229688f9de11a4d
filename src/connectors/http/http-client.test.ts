import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { HttpClient } from './http-client.js';
import { HttpError } from './http-error.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('HttpClient', () => {
  it('sends the path, query, auth and JSON body, and parses JSON', async () => {
    server = await startRecordingServer(() => ({ body: { ok: true } }));
    const client = new HttpClient({ baseUrl: `${server.url}/base/`, auth: { kind: 'bearer', token: 't0k' } });
    const answer = await client.request({
      method: 'POST',
      path: '/x',
      query: { a: 1, b: ['p', 'q'], c: undefined },
      body: { k: 'v' },
    });
    expect(answer.json()).toEqual({ ok: true });
    const sent = server.requests[0];
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/base/x');
    expect(sent?.query.get('a')).toBe('1');
    expect(sent?.query.getAll('b')).toEqual(['p', 'q']);
    expect(sent?.query.has('c')).toBe(false);
    expect(sent?.headers.authorization).toBe('Bearer t0k');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent?.body ?? '')).toEqual({ k: 'v' });
  });

  it('retries a 503 and succeeds; does not retry a 400', async () => {
    let calls = 0;
    server = await startRecordingServer(() => (++calls < 2 ? { status: 503, body: 'busy' } : { body: [1] }));
    const client = new HttpClient({ baseUrl: server.url, retryBaseMs: 1 });
    expect((await client.request({ path: '/' })).json()).toEqual([1]);
    expect(calls).toBe(2);

    await server.close();
    calls = 0;
    server = await startRecordingServer(() => {
      calls += 1;
      return { status: 400, body: { error: 'bad query' } };
    });
    const second = new HttpClient({ baseUrl: server.url, retryBaseMs: 1 });
    const error = await second.request({ path: '/' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).message).toContain('bad query');
    expect(calls).toBe(1);
  });

  it('gives up at the caller deadline and at the byte limit', async () => {
    server = await startRecordingServer(() => ({ body: 'x'.repeat(5000), delayMs: 0 }));
    const small = new HttpClient({ baseUrl: server.url, maxResponseBytes: 100 });
    await expect(small.request({ path: '/' })).rejects.toThrow(/limit/);

    await server.close();
    server = await startRecordingServer(() => ({ body: {}, delayMs: 2000 }));
    const slow = new HttpClient({ baseUrl: server.url, retries: 0 });
    const started = Date.now();
    await expect(slow.request({ path: '/' }, AbortSignal.timeout(100))).rejects.toThrow(/deadline/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reports a refused connection as a retryable HttpError with status 0', async () => {
    const client = new HttpClient({ baseUrl: 'http://127.0.0.1:9', retries: 0 });
    const error = (await client.request({ path: '/' }).catch((e: unknown) => e)) as HttpError;
    expect(error.status).toBe(0);
    expect(error.retryable).toBe(true);
  });
});
