/**
 * The web UI end to end against a real `afr serve` (in-process: the same fastify app,
 * webhook intake, incident pipeline, Commander, API, SSE and built UI as the CLI runs),
 * in Debian's headless Chromium driven by playwright-core. The Commander investigates an
 * embedded simulated cloud (db-connection-exhaustion: a config change exhausts
 * order-service's DB pool); commander.confidence_threshold 1 makes its confident decision
 * wait for a human. The test posts the world's alert to the Alertmanager webhook, sees the
 * incident arrive live, opens it, checks the evidence chart (pixels of the data line), the
 * dependency graph (Cytoscape's nodes, the root cause highlighted), the hypotheses and the
 * plan, clicks Approve as an approver, and checks that the config revert ran on the
 * simulated cloud and the incident resolved, in the page and in the API. Screenshots go to
 * test-artifacts/browser/ (or AFR_SCREENSHOT_DIR).
 *
 * Slack side: "Sending messages using incoming webhooks" (POST of a JSON message, answer "ok").
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingServer, startRecordingServer } from '../../src/connectors/testing/recording-server.js';
import { ensureUiBuilt } from './build-ui.js';
import { CHROMIUM_PATH, haveChromium, launchChromium } from './chromium.js';
import { type SimulatedServe, startSimulatedServe, until } from './simulated-serve.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

if (!haveChromium() && process.env.CI) {
  throw new Error(
    `Chromium is required for the browser tests in CI but ${CHROMIUM_PATH} does not exist (apt-get install chromium)`,
  );
}

const APPROVER = 'serve-approver-token-71c3';
const VIEWER = 'serve-viewer-token-0a9f';
/** Generous: two cores shared with tsc, vitest workers and Chromium. */
const SLOW = 30_000;

interface IncidentSummary {
  id: string;
  state: string;
  decision: string | null;
  root_cause_service: string | null;
}
interface IncidentDetail {
  incident: { id: string; state: string };
  report: { root_cause: { service: string; cause: string } | null; decision: string } | null;
  hypotheses: { service: string; cause: string }[];
  plan: { strategy: string; target: string } | null;
  actions: { strategy: string; target: string; status: string }[];
  topology: { services: { name: string }[] } | null;
}

/** Pixels of the chart's data line (the light palette's #2563eb) on the first evidence chart. */
const LINE_PIXELS = `(() => {
  const canvas = document.querySelector('[data-testid="evidence-charts"] .chart canvas');
  if (!canvas) return -1;
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 200 && Math.abs(data[i] - 37) < 40 && Math.abs(data[i + 1] - 99) < 40 && Math.abs(data[i + 2] - 235) < 40) n++;
  }
  return n;
})()`;

/** What Cytoscape holds in the graph's container: node ids and those classed as root cause. */
const GRAPH_NODES = `(() => {
  const host = document.querySelector('[data-testid="dependency-graph"]');
  const cy = host && host._cyreg && host._cyreg.cy;
  if (!cy) return null;
  return {
    nodes: cy.nodes().map((n) => n.id()).sort(),
    root: cy.nodes('.root').map((n) => n.id()),
    path: cy.edges('.path').length,
  };
})()`;

describe.skipIf(!haveChromium())('web UI against a real afr serve, in headless Chromium', () => {
  let browser: Browser;
  let afr: SimulatedServe;
  let slack: RecordingServer;
  let shots: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    slack = await startRecordingServer(() => ({ body: 'ok' }));
    const [, started] = await Promise.all([
      ensureUiBuilt(repoRoot),
      startSimulatedServe({
        tokens: {
          [APPROVER]: { name: 'alice', role: 'approver' },
          [VIEWER]: { name: 'victor', role: 'viewer' },
        },
        extraConfig: [
          'notifications:',
          '  incident_url: http://127.0.0.1/#/incidents/{incident_id}',
          '  notifiers:',
          `    - slack: { webhook_url: "${slack.url}/services/T000/B000/XXXX", retries: 0 }`,
        ],
      }),
    ]);
    afr = started;
    browser = await launchChromium();
    shots = process.env.AFR_SCREENSHOT_DIR ?? join(repoRoot, 'test-artifacts', 'browser');
    await mkdir(shots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await afr?.close();
    await slack?.close();
  });

  async function openPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      colorScheme: 'light',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(SLOW);
    page.on('pageerror', (err) => pageErrors.push(`${err.name}: ${err.message}`));
    return page;
  }

  it('shows a live incident from the webhook, its evidence, and approves the plan, which runs and resolves it', async () => {
    const page = await openPage();
    await page.goto(afr.url);
    await page.getByLabel('API token', { exact: true }).fill(APPROVER);
    await page.getByRole('button', { name: 'Sign in with this API token' }).click();
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
    await page.getByText('● live').waitFor();
    expect(await page.locator('tr[data-incident]').count()).toBe(0);

    // The alert arrives as Alertmanager would send it; the row appears without a reload.
    expect(await afr.postAlert()).toBe(200);
    const row = page.locator('tr[data-incident]').first();
    await row.waitFor();
    await row.getByText('awaiting approval').waitFor();
    const { incidents } = await afr.api<{ incidents: IncidentSummary[] }>('/api/v1/incidents', VIEWER);
    expect(incidents).toHaveLength(1);
    const summary = incidents[0];
    expect(summary).toMatchObject({ state: 'awaiting_approval', decision: 'approve' });
    expect(await row.getAttribute('data-incident')).toBe(summary.id);
    expect(await row.textContent()).toContain(afr.alert.service);
    const detail = await afr.api<IncidentDetail>(`/api/v1/incidents/${summary.id}`, VIEWER);
    const rootCause = detail.report?.root_cause;
    expect(rootCause?.service).toBe(afr.world.truth.service);
    expect(detail.plan?.target).toBeTruthy();
    const plan = detail.plan!;
    await page.screenshot({ path: join(shots, 'serve-incidents.png') });

    // The incident page.
    await row.getByRole('link').click();
    const what = `${plan.strategy.replaceAll('_', ' ')} on ${plan.target}`;
    await page.getByRole('heading', { name: `Approval needed: ${what}` }).waitFor();

    // The evidence chart: a uPlot canvas with the data line drawn on it.
    const chart = page.locator('[data-testid="evidence-charts"] .chart canvas').first();
    await chart.waitFor();
    expect(await page.locator('[data-testid="evidence-charts"] .chart').count()).toBeGreaterThanOrEqual(1);
    const linePixels = await until(async () => {
      const n = (await page.evaluate(LINE_PIXELS)) as number;
      return n > 100 ? n : undefined;
    }, SLOW);
    expect(linePixels).toBeGreaterThan(100);

    // The dependency graph: every service of the topology, the root cause highlighted.
    await page.locator('[data-testid="dependency-graph"] canvas').first().waitFor();
    const graph = await until(
      async () =>
        ((await page.evaluate(GRAPH_NODES)) as { nodes: string[]; root: string[]; path: number } | null) ??
        undefined,
      SLOW,
    );
    const services = (detail.topology?.services ?? []).map((s) => s.name).sort();
    expect(services.length).toBeGreaterThan(3);
    expect(graph.nodes).toEqual(services);
    expect(graph.root).toEqual([rootCause!.service]);
    expect(graph.path).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="dependency-graph"]').getAttribute('aria-label')).toMatch(
      new RegExp(`propagation path .*${rootCause!.service}`),
    );

    // The hypotheses (the leader first, with its evidence ledger) and the plan.
    const hypotheses = page.locator('section[aria-labelledby="hypotheses-title"]');
    const leader = detail.hypotheses[0];
    expect(leader).toMatchObject({ service: rootCause!.service, cause: rootCause!.cause });
    expect(await hypotheses.textContent()).toContain(leader.cause.replaceAll('_', ' '));
    await expect(hypotheses.locator('table.ledger').first().isVisible()).resolves.toBe(true);
    const planSection = page.locator('section[aria-labelledby="plan-title"]');
    expect(await planSection.textContent()).toContain(plan.target);
    expect(await planSection.textContent()).toContain('Predicted success');
    await page.screenshot({ path: join(shots, 'serve-incident-awaiting-approval.png'), fullPage: true });

    // Approve: the plan runs on the simulated cloud, verification passes, the incident resolves.
    expect(afr.world.isHealthy()).toBe(false);
    await page.getByLabel('Comment (optional)').first().fill('the pool change is the culprit');
    await page.getByRole('button', { name: `Approve ${what}`, exact: true }).click();
    await page.locator('#incident-title').getByText('resolved').waitFor();
    expect(await page.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    const audit = page.locator('section[aria-labelledby="audit-title"]');
    await audit.getByText('alice').first().waitFor();
    expect(await audit.textContent()).toContain('approved');
    const actions = page.locator('section[aria-labelledby="plan-title"]');
    expect(await actions.textContent()).toMatch(/succeeded|applied|verified/);
    await page.screenshot({ path: join(shots, 'serve-incident-resolved.png'), fullPage: true });

    const after = await afr.api<IncidentDetail>(`/api/v1/incidents/${summary.id}`, VIEWER);
    expect(after.incident.state).toBe('resolved');
    expect(after.actions.map((a) => [a.strategy, a.target])).toContainEqual([plan.strategy, plan.target]);
    expect(afr.world.isHealthy()).toBe(true);
    const history = await afr.api<{ state_history: { to: string; reason: string }[] }>(
      `/api/v1/incidents/${summary.id}/timeline`,
      VIEWER,
    );
    expect(history.state_history.map((h) => h.to)).toEqual(
      expect.arrayContaining(['awaiting_approval', 'remediating', 'verifying', 'resolved']),
    );
    expect(history.state_history.find((h) => h.to === 'remediating')?.reason).toContain('approved by alice');

    // Slack heard the approval request, with the incident's link.
    const messages = slack.requests.map((r) => JSON.parse(r.body) as { text: string; blocks: unknown[] });
    expect(slack.requests.every((r) => r.path === '/services/T000/B000/XXXX')).toBe(true);
    expect(messages.some((m) => m.text.startsWith('Approval requested'))).toBe(true);
    // …and the resolution, with the postmortem attached (sent once the approved plan is verified).
    type Message = { text: string; attachments?: { text?: string }[] };
    const resolvedWithPostmortem = () =>
      slack.requests
        .map((r) => JSON.parse(r.body) as Message)
        .some(
          (m) =>
            m.text.startsWith('Resolved') && m.attachments?.some((a) => a.text?.includes('# Postmortem')),
        );
    await expect.poll(resolvedWithPostmortem, { timeout: 15_000 }).toBe(true);

    // Back to the list: the row shows the new state.
    await page.getByRole('link', { name: '← Incidents' }).click();
    await page.locator(`tr[data-incident="${summary.id}"]`).getByText('resolved').waitFor();
    await page.context().close();
    expect(pageErrors).toEqual([]);
    console.info(`afr serve browser test screenshots: ${shots}`);
  }, 180_000);
});
