/**
 * `npm run chaos` (`tsx chaos/run.ts [--smoke] [--only name,...]`): runs every chaos
 * scenario against afr itself, one after another, and prints scenario → expected →
 * observed → PASS/FAIL/SKIP. Exits 1 when any scenario fails (a scenario that cannot run
 * here, e.g. without Prometheus or PostgreSQL, is SKIP; under CI=true a missing Prometheus
 * is a failure). `--smoke` uses shorter deadlines and fewer alerts (CI, under 2 minutes).
 */
import { logsHang } from './scenarios/logs-hang.js';
import { notifier500 } from './scenarios/notifier-500.js';
import { prometheusKilled } from './scenarios/prometheus-killed.js';
import { replicaKilledRemediating } from './scenarios/replica-killed-remediating.js';
import { storeSlow } from './scenarios/store-slow.js';
import type { ChaosScenario, ScenarioResult } from './support/harness.js';

const SCENARIOS: ChaosScenario[] = [
  prometheusKilled,
  logsHang,
  storeSlow,
  notifier500,
  replicaKilledRemediating,
];

interface Row {
  scenario: string;
  expected: string;
  observed: string;
  verdict: 'PASS' | 'FAIL' | 'SKIP';
  seconds: number;
}

async function main(argv: string[]): Promise<number> {
  const smoke = argv.includes('--smoke');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : undefined;
  const unknown = only ? [...only].filter((n) => !SCENARIOS.some((s) => s.name === n)) : [];
  if (unknown.length) {
    process.stderr.write(
      `--only: unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}\n`,
    );
    return 2;
  }
  const rows: Row[] = [];
  for (const scenario of SCENARIOS.filter((s) => !only || only.has(s.name))) {
    process.stderr.write(`chaos: ${scenario.name}...\n`);
    const started = performance.now();
    let result: ScenarioResult;
    try {
      result = await scenario.run({ smoke });
    } catch (error) {
      result = {
        observed: `error: ${error instanceof Error ? error.message : String(error)}`,
        failures: ['the scenario threw'],
      };
    }
    const seconds = (performance.now() - started) / 1000;
    const verdict = result.skipped ? 'SKIP' : result.failures.length ? 'FAIL' : 'PASS';
    const observed = result.skipped
      ? `skipped: ${result.skipped}`
      : result.failures.length
        ? `${result.observed} | not met: ${result.failures.join('; ')}`
        : result.observed;
    rows.push({ scenario: scenario.name, expected: scenario.expected, observed, verdict, seconds });
    process.stderr.write(`chaos: ${scenario.name} ${verdict} in ${seconds.toFixed(1)} s\n`);
  }
  process.stdout.write(`${table(rows)}\n`);
  const failed = rows.filter((r) => r.verdict === 'FAIL').length;
  const passed = rows.filter((r) => r.verdict === 'PASS').length;
  const skipped = rows.filter((r) => r.verdict === 'SKIP').length;
  process.stdout.write(
    `chaos${smoke ? ' (smoke)' : ''}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
  );
  return failed ? 1 : 0;
}

function table(rows: Row[]): string {
  const header = ['scenario', 'expected', 'observed', 'result', 's'];
  const body = rows.map((r) => [r.scenario, r.expected, r.observed, r.verdict, r.seconds.toFixed(1)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Keep-alive sockets and unref'd timers must not hold the run open.
    setTimeout(() => process.exit(code), 500).unref();
  },
  (error) => {
    process.stderr.write(
      `chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
