/**
 * Renders the web UI's incident page (an incident from the simulator, awaiting approval)
 * in Debian's Chromium and saves it as docs/images/incident-page.png, the README's
 * screenshot. Run: npx tsx scripts/screenshot.ts [--dark] [--out FILE]
 */
import { join } from 'node:path';
import { ensureUiBuilt } from '../test/browser/build-ui.js';
import { launchChromium } from '../test/browser/chromium.js';
import { buildFixtureData } from '../test/browser/fixture-data.js';
import { startFixtureServer } from '../test/browser/fixture-server.js';

const args = process.argv.slice(2);
const dark = args.includes('--dark');
const outIndex = args.indexOf('--out');
const out =
  outIndex >= 0
    ? (args[outIndex + 1] ?? '')
    : join('docs', 'images', dark ? 'incident-page-dark.png' : 'incident-page.png');
const TOKEN = 'screenshot-token';

const repoRoot = process.cwd();
const [built, data] = await Promise.all([ensureUiBuilt(repoRoot), buildFixtureData()]);
const server = await startFixtureServer({
  distDir: built.distDir,
  data,
  tokens: { [TOKEN]: { role: 'approver', name: 'alice' } },
});
const browser = await launchChromium();
try {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    colorScheme: dark ? 'dark' : 'light',
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByLabel('API token', { exact: true }).fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in with this API token' }).click();
  await page.locator(`tr[data-incident="${data.pendingId}"]`).getByRole('link').click();
  await page.locator('[data-testid="dependency-graph"] canvas').first().waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="evidence-charts"] .chart canvas').first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
