/**
 * Web UI performance (issue #8), in Debian's headless Chromium against a real `afr serve`
 * on loopback (in-process, memory store, the built UI from dist/ui):
 *
 *   (a) the incidents page with 1,000 incidents (`#/incidents?limit=1000`): from navigation
 *       start to the 1,000th row in the DOM, and to the next frame (the rows on screen laid
 *       out and painted; rows off screen are skipped by content-visibility until they come
 *       near), then the time to scroll to the 1,000th row and paint it. Target < 1 s.
 *   (b) the incident page of an incident awaiting approval: from navigation start to the
 *       evidence charts (uPlot canvases), the dependency graph (Cytoscape, laid out) and the
 *       hypotheses rendered. Target < 500 ms.
 *
 * The incident is a real one: the simulator's db-connection-exhaustion world raises an
 * alert, posted to the Alertmanager webhook, and the Commander investigates it; the other
 * 999 are copies of it with varied services, severities and states. Every run opens a new
 * browser context (empty cache, new JS parse), logged in through localStorage. Timings are
 * the page's own `performance.now()` (ms since its navigation started). One warm-up run of
 * each is not counted.
 *
 *   npx tsx bench/ui.ts [--runs 20] [--incidents 1000] [--smoke] [--json FILE]
 */
import { writeFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { ensureUiBuilt } from '../test/browser/build-ui.js';
import { CHROMIUM_PATH, haveChromium, launchChromium } from '../test/browser/chromium.js';
import { startSimulatedServe, until } from '../test/browser/simulated-serve.js';
import { flag, type LatencySummary, loadDescription, numberArg, summarize } from './support/latency-stats.js';
import { seedIncidents } from './support/ui-seed.js';

const smoke = flag('smoke');
const runs = numberArg('runs', smoke ? 3 : 20);
const incidents = numberArg('incidents', 1000);
const jsonAt = process.argv.indexOf('--json');
const jsonOut = jsonAt >= 0 ? process.argv[jsonAt + 1] : undefined;
const TOKEN = 'ui-bench-token';
const LIST_TARGET_MS = 1000;
const DETAIL_TARGET_MS = 500;
const WAIT_MS = 30_000;

if (!haveChromium()) {
  console.error(
    `bench/ui.ts needs Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set AFR_CHROMIUM)`,
  );
  process.exit(1);
}

/** The time (page clock) at the frame after `ready` first holds, and when it first held. */
async function timeUntil(page: Page, ready: string): Promise<{ dom: number; painted: number; api: number }> {
  const handle = await page.waitForFunction(`(${ready}) ? performance.now() : false`, undefined, {
    polling: 'raf',
    timeout: WAIT_MS,
  });
  const dom = (await handle.jsonValue()) as number;
  const painted = (await page.evaluate(
    'new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)))',
  )) as number;
  // When the last API answer (incidents, detail, audit) had arrived: the rest is the page's own work.
  const api = (await page.evaluate(
    "Math.max(0, ...performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/') && !e.name.includes('/events')).map((e) => e.responseEnd))",
  )) as number;
  return { dom, painted, api };
}

/** Scrolls the last row of the list into view; ms until the frame after it (row laid out and painted). */
const SCROLL_TO_LAST = `new Promise((resolve) => {
  const rows = document.querySelectorAll('table.incidents tbody tr');
  const start = performance.now();
  rows[rows.length - 1].scrollIntoView({ block: 'end' });
  requestAnimationFrame(() => setTimeout(() => {
    const box = rows[rows.length - 1].getBoundingClientRect();
    resolve(box.bottom <= innerHeight + 1 && box.height > 0 ? performance.now() - start : -1);
  }, 0));
})`;

async function measure(
  browser: Browser,
  url: string,
  ready: string,
  after?: string,
): Promise<{ dom: number; painted: number; api: number; after?: number }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    await context.addInitScript(`localStorage.setItem('afr.token', ${JSON.stringify(TOKEN)});`);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(url, { waitUntil: 'commit' });
    const time = await timeUntil(page, ready);
    const extra = after === undefined ? undefined : ((await page.evaluate(after)) as number);
    if (extra !== undefined && extra < 0) throw new Error('the last row did not come into view');
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return { ...time, after: extra };
  } finally {
    await context.close();
  }
}

const listReady = (n: number) => `document.querySelectorAll('table.incidents tbody tr').length >= ${n}`;
const DETAIL_READY = `(() => {
  const graph = document.querySelector('[data-testid="dependency-graph"]');
  const cy = graph && graph._cyreg && graph._cyreg.cy;
  return document.querySelector('[data-testid="evidence-charts"] .chart canvas') !== null &&
    cy && cy.nodes().length > 0 && graph.querySelector('canvas') !== null &&
    document.querySelector('section[aria-labelledby="hypotheses-title"] table.ledger') !== null &&
    document.querySelector('section[aria-labelledby="plan-title"] ol, section[aria-labelledby="plan-title"] ul') !== null;
})()`;

function row(name: string, s: LatencySummary, target: number): string {
  const met = s.p95_ms < target ? 'met' : s.p50_ms < target ? 'p50 only' : 'not met';
  return `| ${name} | ${s.runs} | ${s.p50_ms} ms | ${s.p95_ms} ms | ${s.max_ms} ms | < ${target} ms: ${met} |`;
}

const repoRoot = process.cwd();
await ensureUiBuilt(repoRoot);
const afr = await startSimulatedServe({ tokens: { [TOKEN]: { name: 'bench', role: 'viewer' } } });
let browser: Browser | undefined;
try {
  if ((await afr.postAlert()) !== 200) throw new Error('the alert was refused');
  const pending = await until(
    async () => {
      const list = await afr.api<{ incidents: { id: string; state: string }[] }>('/api/v1/incidents', TOKEN);
      return list.incidents.find((i) => i.state === 'awaiting_approval');
    },
    WAIT_MS,
    () => 'for the incident to await approval',
  );
  await seedIncidents(afr.server.storage.store, pending.id, incidents - 1);
  const total = (await afr.api<{ total: number }>('/api/v1/incidents?limit=1', TOKEN)).total;
  if (total !== incidents) throw new Error(`expected ${incidents} incidents, the API lists ${total}`);

  browser = await launchChromium();
  const listUrl = `${afr.url}/#/incidents?limit=1000`;
  const detailUrl = `${afr.url}/#/incidents/${encodeURIComponent(pending.id)}`;
  const rows = Math.min(incidents, 1000);
  await measure(browser, listUrl, listReady(rows));
  await measure(browser, detailUrl, DETAIL_READY);
  const list = { dom: [] as number[], painted: [] as number[], api: [] as number[], scroll: [] as number[] };
  const detail = { dom: [] as number[], painted: [] as number[], api: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const a = await measure(browser, listUrl, listReady(rows), SCROLL_TO_LAST);
    list.dom.push(a.dom);
    list.painted.push(a.painted);
    list.api.push(a.api);
    list.scroll.push(a.after ?? Number.NaN);
    const b = await measure(browser, detailUrl, DETAIL_READY);
    detail.dom.push(b.dom);
    detail.painted.push(b.painted);
    detail.api.push(b.api);
  }
  const version = browser.version();
  const result = {
    date: new Date().toISOString(),
    chromium: version,
    load: loadDescription(),
    incidents,
    list_rows: rows,
    list_dom: summarize(list.dom),
    list_api_answered: summarize(list.api),
    list_painted: summarize(list.painted),
    list_scroll_to_last: summarize(list.scroll),
    detail_dom: summarize(detail.dom),
    detail_api_answered: summarize(detail.api),
    detail_painted: summarize(detail.painted),
  };
  console.log(`Web UI in headless Chromium ${version}, afr serve on loopback, ${incidents} incidents`);
  console.log(`load average before the runs: ${result.load}`);
  console.log('| page | runs | p50 | p95 | max | target (p95) |');
  console.log('|---|---|---|---|---|---|');
  console.log(row('incidents, API answers received', result.list_api_answered, LIST_TARGET_MS));
  console.log(row(`incidents, ${rows} rows in the DOM`, result.list_dom, LIST_TARGET_MS));
  console.log(row(`incidents, ${rows} rows, first screen painted`, result.list_painted, LIST_TARGET_MS));
  console.log(row(`incidents, then scroll to row ${rows} (painted)`, result.list_scroll_to_last, 100));
  console.log(row('incident page, API answers received', result.detail_api_answered, DETAIL_TARGET_MS));
  console.log(
    row('incident page, charts + graph + hypotheses in the DOM', result.detail_dom, DETAIL_TARGET_MS),
  );
  console.log(row('incident page, painted', result.detail_painted, DETAIL_TARGET_MS));
  console.log(JSON.stringify(result));
  if (jsonOut) await writeFile(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await browser?.close();
  await afr.close();
}
