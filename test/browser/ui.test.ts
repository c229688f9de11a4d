/**
 * End-to-end test of the web UI in real headless Chromium (Debian's package, driven by
 * playwright-core): the built UI is served with a fixture API whose incidents come from
 * the simulator and the real Commander. It logs in with a token, follows the live list,
 * opens the incident that awaits approval, checks the graph, the charts, the hypotheses
 * and the plan, approves as an approver, and saves light and dark screenshots.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuilt } from './build-ui.js';
import { CHROMIUM_PATH, haveChromium as haveChromiumAt, launchChromium } from './chromium.js';
import { buildFixtureData, type FixtureData } from './fixture-data.js';
import { type FixtureServer, startFixtureServer } from './fixture-server.js';

const CHROMIUM = CHROMIUM_PATH;
const haveChromium = haveChromiumAt();
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

if (!haveChromium && process.env.CI) {
  throw new Error(
    `Chromium is required for the browser tests in CI but ${CHROMIUM} does not exist (apt-get install chromium)`,
  );
}
if (!haveChromium) {
  console.warn(
    `skipping the browser tests: no Chromium at ${CHROMIUM} (install Debian's chromium package, or set AFR_CHROMIUM)`,
  );
}

const APPROVER = 'approver-token-5b1c';
const VIEWER = 'viewer-token-9e2d';

describe.skipIf(!haveChromium)('web UI in headless Chromium', () => {
  let browser: Browser;
  let server: FixtureServer;
  let data: FixtureData;
  let shots: string;
  /** Uncaught errors of the pages: any of them fails the test that opened the page. */
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const [built, fixture] = await Promise.all([ensureUiBuilt(repoRoot), buildFixtureData()]);
    data = fixture;
    server = await startFixtureServer({
      distDir: built.distDir,
      data,
      tokens: {
        [APPROVER]: { role: 'approver', name: 'alice' },
        [VIEWER]: { role: 'viewer', name: 'victor' },
      },
    });
    browser = await launchChromium();
    shots = process.env.AFR_SCREENSHOT_DIR ?? (await mkdtemp(join(tmpdir(), 'afr-ui-')));
    await mkdir(shots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  async function openPage(colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme });
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${err.name}: ${err.message}`));
    return page;
  }

  async function login(page: Page, token: string): Promise<void> {
    await page.goto(server.url);
    await page.getByLabel('API token', { exact: true }).fill(token);
    await page.getByRole('button', { name: 'Sign in with this API token' }).click();
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
  }

  it('refuses a bad token on the login screen', async () => {
    const page = await openPage();
    await page.goto(server.url);
    await page.getByLabel('API token', { exact: true }).fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in with this API token' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('refused');
    await page.context().close();
  });

  it('lists incidents live, shows the evidence, and approves with the bearer token', async () => {
    const page = await openPage('light');
    await login(page, APPROVER);

    // The list, with the report headline of each incident.
    const pendingRow = page.locator(`tr[data-incident="${data.pendingId}"]`);
    const actedRow = page.locator(`tr[data-incident="${data.actedId}"]`);
    await pendingRow.waitFor();
    expect(await pendingRow.textContent()).toContain('awaiting approval');
    expect(await pendingRow.textContent()).toContain('order-service');
    expect(await actedRow.textContent()).toContain('resolved');

    // A live event changes the affected row without a reload.
    await page.getByText('● live').waitFor();
    const pending = (await data.store.getIncident(data.pendingId))!;
    server.emit({ id: data.actedId, state: 'escalated', updated_at: pending.updated_at + 5 });
    await actedRow.getByText('escalated').waitFor({ timeout: 5000 });
    // The re-read list brings back the store's truth.
    await actedRow.getByText('resolved').waitFor({ timeout: 5000 });
    await page.screenshot({ path: join(shots, 'incidents-light.png') });

    // The incident page: graph, charts, hypotheses, plan, audit trail.
    await pendingRow.getByRole('link').click();
    await page.getByRole('heading', { name: /Approval needed: config revert on order-service/ }).waitFor();
    await page.locator('[data-testid="dependency-graph"] canvas').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="evidence-charts"] .chart canvas').first().waitFor();
    const charts = await page.locator('[data-testid="evidence-charts"] .chart canvas').count();
    expect(charts).toBeGreaterThanOrEqual(1);
    const graphLabel = await page.locator('[data-testid="dependency-graph"]').getAttribute('aria-label');
    expect(graphLabel).toMatch(/propagation path checkout → .*order-service/);
    const hypotheses = page.locator('section[aria-labelledby="hypotheses-title"]');
    expect(await hypotheses.textContent()).toContain('connection pool exhaustion');
    await expect(hypotheses.locator('table.ledger').first().isVisible()).resolves.toBe(true);
    const plan = page.locator('section[aria-labelledby="plan-title"]');
    expect(await plan.textContent()).toMatch(/config revert on order-service/);
    expect(await plan.textContent()).toContain('Predicted success');
    expect(
      await page.locator('section[aria-labelledby="audit-title"] table.audit tbody tr').count(),
    ).toBeGreaterThan(0);
    expect(await page.locator('.timeline-bar .phase').count()).toBe(6);

    await page.screenshot({ path: join(shots, 'incident-light.png'), fullPage: true });

    // Approve: the POST reaches the server with the bearer token; the page shows the new state.
    await page.getByLabel('Comment (optional)').first().fill('pool size change is the culprit');
    await page.getByRole('button', { name: /^Approve config revert on order-service$/ }).click();
    await page.locator('#incident-title').getByText('remediating').waitFor();
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].path).toBe(`/api/v1/incidents/${encodeURIComponent(data.pendingId)}/approve`);
    expect(posts[0].headers.authorization).toBe(`Bearer ${APPROVER}`);
    expect(posts[0].headers['content-type']).toBe('application/json');
    expect(posts[0].body).toEqual({ comment: 'pool size change is the culprit' });
    expect(await page.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    expect(await page.locator('section[aria-labelledby="audit-title"]').textContent()).toContain(
      'human approve',
    );
    // The event stream authenticated with the token in its query, the only place that may.
    const events = server.requests.find((r) => r.path === '/api/v1/events');
    expect(events?.query.get('token')).toBe(APPROVER);
    await page.context().close();
  });

  it('renders readably in dark mode, and hides decisions from viewers', async () => {
    const page = await openPage('dark');
    await login(page, VIEWER);
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached', timeout: 5000 });
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    // A string, evaluated in the page: this file is type-checked without the DOM library.
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(15, 18, 24)');
    await page.locator(`tr[data-incident="${data.actedId}"]`).getByRole('link').click();
    await page.locator('[data-testid="dependency-graph"] canvas').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="evidence-charts"] .chart canvas').first().waitFor();
    expect(await page.getByRole('button', { name: /Approve|Reject|Override/ }).count()).toBe(0);
    await page.screenshot({ path: join(shots, 'incident-dark.png'), fullPage: true });

    await page.getByRole('link', { name: 'Insights' }).click();
    await page.getByRole('heading', { name: 'Calibration' }).waitFor();
    expect(await page.locator('figure.reliability svg circle').count()).toBeGreaterThan(0);
    expect(await page.getByRole('list', { name: 'Strategy success rates' }).textContent()).toContain(
      'scale up',
    );
    await page.screenshot({ path: join(shots, 'insights-dark.png'), fullPage: true });

    // The toggle overrides the system preference: auto → light.
    await page.getByRole('button', { name: /^Colour theme: auto/ }).click();
    // The re-render is asynchronous: wait for it rather than read at once.
    await page.locator('html[data-theme="light"]').waitFor({ state: 'attached', timeout: 5000 });
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Connectors' }).waitFor();
    expect(await page.locator('table.health').textContent()).toContain('401 Bad credentials');
    await page.context().close();
    console.info(`browser test screenshots: ${shots}`);
  });
});
