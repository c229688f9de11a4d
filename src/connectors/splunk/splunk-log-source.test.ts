// Follows the Splunk REST API Reference, Search endpoints (docs.splunk.com/Documentation/
// Splunk/latest/RESTREF/RESTsearch): POST search/jobs (form fields search, earliest_time,
// latest_time, exec_mode, output_mode; answers {"sid": ...}), GET search/jobs/{search_id}
// (entry[0].content.isDone / isFailed / dispatchState / messages), GET
// search/v2/jobs/{search_id}/results (count, offset, output_mode=json; answers {preview,
// init_offset, messages, fields, results}), DELETE search/jobs/{search_id}. Error bodies:
// {"messages":[{"type":"FATAL","text":...}]}. Auth: "Authorization: Bearer <token>" for
// authentication tokens, "Authorization: Splunk <session key>" for session keys.
import { afterEach, describe, expect, it } from 'vitest';
import type { CannedResponse, RecordedRequest } from '../testing/recording-server.js';
import { type RecordingServer, startRecordingServer } from '../testing/recording-server.js';
import { buildSpl } from './spl.js';
import { SplunkLogSource } from './splunk-log-source.js';
import { SplunkOptionsSchema } from './splunk-options.js';

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ctx = () => ({ signal: AbortSignal.timeout(5000) });
const T0 = 1_700_000_000;
const SID = '1700000100.42';

function jobStatus(content: Record<string, unknown>) {
  return {
    links: {},
    origin: 'https://localhost:8089/services/search/jobs',
    generator: { build: 'abc', version: '9.1.2' },
    entry: [
      {
        name: 'search index=main',
        id: `https://localhost:8089/services/search/jobs/${SID}`,
        author: 'admin',
        content: { sid: SID, messages: [], ...content },
      },
    ],
    paging: { total: 1, perPage: 0, offset: 0 },
    messages: [],
  };
}

function results(rows: unknown[]) {
  return {
    preview: false,
    init_offset: 0,
    messages: [],
    fields: [{ name: '_raw' }, { name: '_time' }, { name: 'service' }, { name: 'level' }],
    results: rows,
    highlighted: {},
  };
}

/** A Splunk that is running on the first status poll and done on the second. */
function splunk(resultPages: unknown[][], extra?: (r: RecordedRequest) => CannedResponse | undefined) {
  let polls = 0;
  return (request: RecordedRequest): CannedResponse => {
    const special = extra?.(request);
    if (special) return special;
    if (request.method === 'POST' && request.path === '/services/search/jobs')
      return { status: 201, body: { sid: SID } };
    if (request.method === 'DELETE')
      return { body: { messages: [{ type: 'INFO', text: 'Search job cancelled.' }] } };
    if (request.path === `/services/search/jobs/${SID}`) {
      polls += 1;
      return {
        body: jobStatus(
          polls < 2
            ? { dispatchState: 'RUNNING', isDone: false, isFailed: false }
            : { dispatchState: 'DONE', isDone: true, isFailed: false },
        ),
      };
    }
    if (request.path === `/services/search/v2/jobs/${SID}/results`) {
      const offset = Number(request.query.get('offset'));
      const count = Number(request.query.get('count'));
      const rows = resultPages.flat().slice(offset, offset + count);
      return { body: results(rows) };
    }
    return { status: 404, body: { messages: [{ type: 'ERROR', text: 'Not Found' }] } };
  };
}

describe('buildSpl', () => {
  it('filters by service, level spellings and a quoted phrase, oldest first', () => {
    const options = SplunkOptionsSchema.parse({
      url: 'https://s:8089',
      base_search: 'index=prod sourcetype=app',
    });
    const spl = buildSpl(
      { range: { start: 0, end: 1 }, services: ['checkout'], levels: ['fatal'], text: 'say "hi" \\o/' },
      options,
      100,
    );
    expect(spl).toMatch(/^search index=prod sourcetype=app service IN \("checkout"\) level IN \(/);
    expect(spl).toContain('"CRITICAL"');
    expect(spl).toContain('"say \\"hi\\" \\\\o/"');
    expect(spl).toMatch(/\| sort 0 _time \| head 100 \| fields _time service level _raw trace_id span_id$/);
  });
});

describe('SplunkLogSource', () => {
  it('creates a job, polls it, reads the results and deletes the job', async () => {
    server = await startRecordingServer(
      splunk([
        [
          {
            _time: '2023-11-14T22:13:21.000+00:00',
            _raw: '2023-11-14 22:13:21 ERROR payment failed trace_id=abc',
            service: 'checkout',
            level: 'ERROR',
            trace_id: 'abc',
          },
          { _time: '2023-11-14T14:13:22.500-08:00', _raw: 'level=warn slow', service: ['cart', 'cart-v2'] },
        ],
      ]),
    );
    const splunkSource = new SplunkLogSource({
      url: server.url,
      token: 'jwt-token',
      poll_interval_ms: 5,
      retries: 0,
    });
    const outcome = await splunkSource.search(
      { range: { start: T0, end: T0 + 60 }, services: ['checkout', 'cart'], text: 'payment' },
      ctx(),
    );

    const [create, poll1, poll2, page, remove] = server.requests;
    expect(create.method).toBe('POST');
    expect(create.path).toBe('/services/search/jobs');
    expect(create.headers.authorization).toBe('Bearer jwt-token');
    expect(create.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(create.body);
    expect(form.get('search')).toBe(
      'search index=main service IN ("checkout", "cart") "payment" | sort 0 _time | head 50000 | fields _time service level _raw trace_id span_id',
    );
    expect(form.get('earliest_time')).toBe(String(T0));
    expect(form.get('latest_time')).toBe(String(T0 + 60));
    expect(form.get('output_mode')).toBe('json');
    expect(form.get('exec_mode')).toBe('normal');
    expect([poll1.method, poll1.path, poll1.query.get('output_mode')]).toEqual([
      'GET',
      `/services/search/jobs/${SID}`,
      'json',
    ]);
    expect(poll2.path).toBe(`/services/search/jobs/${SID}`);
    expect(page.path).toBe(`/services/search/v2/jobs/${SID}/results`);
    expect([page.query.get('output_mode'), page.query.get('count'), page.query.get('offset')]).toEqual([
      'json',
      '5000',
      '0',
    ]);
    expect([remove.method, remove.path]).toEqual(['DELETE', `/services/search/jobs/${SID}`]);

    expect(outcome.kind === 'ok' && outcome.data).toEqual([
      {
        timestamp: T0 + 1,
        service: 'checkout',
        level: 'error',
        message: '2023-11-14 22:13:21 ERROR payment failed trace_id=abc',
        trace_id: 'abc',
      },
      { timestamp: T0 + 2.5, service: 'cart', level: 'warn', message: 'level=warn slow' },
    ]);
  });

  it('pages results with offset and count, and sends a session key as Splunk auth', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({
      _time: String(T0 + i),
      _raw: `line ${i}`,
      service: 's',
    }));
    server = await startRecordingServer(splunk([rows]));
    const source = new SplunkLogSource({
      url: server.url,
      session_key: 'sess123',
      page_size: 2,
      results_api: 'v2',
      poll_interval_ms: 5,
      retries: 0,
    });
    const outcome = await source.search({ range: { start: T0, end: T0 + 60 } }, ctx());
    const pages = server.requests.filter((r) => r.path.endsWith('/results'));
    expect(pages.map((r) => r.query.get('offset'))).toEqual(['0', '2', '4']);
    expect(server.requests[0].headers.authorization).toBe('Splunk sess123');
    expect(outcome.kind === 'ok' && outcome.data.map((r) => r.message)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `line ${i}`),
    );
  });

  it('reports a failed job with its FATAL message', async () => {
    server = await startRecordingServer(
      splunk([], (request) =>
        request.method === 'GET' && request.path === `/services/search/jobs/${SID}`
          ? {
              body: jobStatus({
                dispatchState: 'FAILED',
                isDone: true,
                isFailed: true,
                messages: [{ type: 'FATAL', text: "Error in 'search' command: Unable to parse the search" }],
              }),
            }
          : undefined,
      ),
    );
    const outcome = await new SplunkLogSource({ url: server.url, poll_interval_ms: 5, retries: 0 }).search(
      { range: { start: T0, end: T0 + 60 } },
      ctx(),
    );
    expect(outcome).toMatchObject({
      kind: 'error',
      message: `Splunk search job ${SID} failed: Error in 'search' command: Unable to parse the search`,
    });
    expect(server.requests.at(-1)?.method).toBe('DELETE');
  });

  it('reports a 400 and a 401 from job creation word for word', async () => {
    server = await startRecordingServer(() => ({
      status: 400,
      body: { messages: [{ type: 'FATAL', text: "Unknown search command 'serach'." }] },
    }));
    const bad = await new SplunkLogSource({ url: server.url, retries: 0 }).search(
      { range: { start: T0, end: T0 + 60 } },
      ctx(),
    );
    expect(bad.kind === 'error' && bad.message).toContain("Unknown search command 'serach'.");
    expect(bad.kind === 'error' && bad.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);

    await server.close();
    server = await startRecordingServer(() => ({
      status: 401,
      body: { messages: [{ type: 'WARN', text: 'call not properly authenticated' }] },
    }));
    const unauth = await new SplunkLogSource({
      url: server.url,
      username: 'admin',
      password: 'x',
      retries: 0,
    }).search({ range: { start: T0, end: T0 + 60 } }, ctx());
    expect(server.requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from('admin:x').toString('base64')}`,
    );
    expect(unauth.kind === 'error' && unauth.message).toContain('call not properly authenticated');
  });

  it('cancels (deletes) the job when the caller deadline passes while it runs', async () => {
    server = await startRecordingServer(
      splunk([], (request) =>
        request.method === 'GET' && request.path === `/services/search/jobs/${SID}`
          ? { body: jobStatus({ dispatchState: 'RUNNING', isDone: false, isFailed: false }) }
          : undefined,
      ),
    );
    const started = Date.now();
    const outcome = await new SplunkLogSource({ url: server.url, poll_interval_ms: 20, retries: 0 }).search(
      { range: { start: T0, end: T0 + 60 } },
      { signal: AbortSignal.timeout(150) },
    );
    expect(outcome.kind === 'error' && outcome.message).toMatch(/deadline/);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.requests.at(-1)).toMatchObject({ method: 'DELETE', path: `/services/search/jobs/${SID}` });
  });

  it('returns no_data for a done job without results, and an error for a malformed answer', async () => {
    server = await startRecordingServer(splunk([]));
    const empty = await new SplunkLogSource({ url: server.url, poll_interval_ms: 5, retries: 0 }).search(
      { range: { start: T0, end: T0 + 60 } },
      ctx(),
    );
    expect(empty.kind).toBe('no_data');

    await server.close();
    server = await startRecordingServer(() => ({ status: 201, body: { entry: [] } }));
    const odd = await new SplunkLogSource({ url: server.url, retries: 0 }).search(
      { range: { start: T0, end: T0 + 60 } },
      ctx(),
    );
    expect(odd.kind === 'error' && odd.message).toMatch(/unexpected Splunk job creation response/);
  });

  it('reports a 503 while reading results as retryable', async () => {
    server = await startRecordingServer(
      splunk([], (request) =>
        request.path.endsWith('/results')
          ? { status: 503, body: { messages: [{ type: 'ERROR', text: 'Search head busy' }] } }
          : undefined,
      ),
    );
    const outcome = await new SplunkLogSource({ url: server.url, poll_interval_ms: 5, retries: 0 }).search(
      { range: { start: T0, end: T0 + 60 } },
      ctx(),
    );
    expect(outcome).toMatchObject({ kind: 'error', retryable: true });
    expect(outcome.kind === 'error' && outcome.message).toContain('Search head busy');
  });
});
