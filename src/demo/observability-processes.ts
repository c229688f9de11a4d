/**
 * Starts real Prometheus and Alertmanager (Debian packages, installed by
 * scripts/install-test-deps.sh) on free loopback ports with temporary data directories,
 * for `afr demo --live`, the integration tests and the benchmarks. Alertmanager runs with clustering disabled (otherwise it binds
 * 0.0.0.0:9094). Both are stopped with SIGTERM (SIGKILL after 10 s) and their directory
 * removed, keeping the logs in the error when startup fails.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../util/free-port.js';

export interface RunningServer {
  url: string;
  dir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function hasBinary(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** True when the Debian packages prometheus and prometheus-alertmanager are installed. */
export function observabilityInstalled(): boolean {
  return hasBinary('prometheus') && hasBinary('prometheus-alertmanager');
}

export interface PrometheusOptions {
  targets: string[];
  scrapeIntervalS?: number;
  rules?: string;
  alertmanager?: string;
  /** An existing TSDB directory to serve (e.g. backfilled by promtool); stop() leaves it in place. */
  dataDir?: string;
}

export async function startPrometheus(options: PrometheusOptions): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'afr-prom-'));
  const port = await freePort();
  const interval = `${options.scrapeIntervalS ?? 1}s`;
  const rules = options.rules ? `rule_files:\n  - ${join(dir, 'rules.yml')}\n` : '';
  if (options.rules) writeFileSync(join(dir, 'rules.yml'), options.rules);
  const alerting = options.alertmanager
    ? `alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['${options.alertmanager}']\n`
    : '';
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: ${interval}\n  scrape_timeout: ${interval}\n  evaluation_interval: ${interval}\n` +
      rules +
      alerting +
      `scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: [${options.targets.map((t) => `'${t}'`).join(', ')}]\n`,
  );
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${options.dataDir ?? join(dir, 'data')}`,
      '--storage.tsdb.retention.time=2h',
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=${url}/`,
      '--web.enable-lifecycle',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return ready('prometheus', url, dir, child);
}

export async function startAlertmanager(webhookUrl: string, bearerToken?: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'afr-am-'));
  const port = await freePort();
  const auth = bearerToken
    ? `        http_config:\n          authorization:\n            credentials: '${bearerToken}'\n`
    : '';
  writeFileSync(
    join(dir, 'alertmanager.yml'),
    `route:\n  receiver: afr\n  group_by: ['alertname', 'service']\n  group_wait: 1s\n  group_interval: 1s\n  repeat_interval: 1m\n` +
      `receivers:\n  - name: afr\n    webhook_configs:\n      - url: '${webhookUrl}'\n        send_resolved: true\n${auth}`,
  );
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus-alertmanager',
    [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=${url}/`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return ready('alertmanager', url, dir, child);
}

async function ready(name: string, url: string, dir: string, child: ChildProcess): Promise<RunningServer> {
  // stderr is appended to a log file in the temp dir, for failure messages.
  const logPath = join(dir, `${name}.log`);
  child.stderr?.on('data', (chunk: Buffer) => writeFileSync(logPath, chunk, { flag: 'a' }));
  const stop = () => stopProcess(child, dir);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = safeRead(logPath);
      await stop();
      throw new Error(`${name} exited during startup (code ${child.exitCode}):\n${log}`);
    }
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      const log = safeRead(logPath);
      await stop();
      throw new Error(`${name} not ready after 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, dir, process: child, stop };
}

async function stopProcess(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-4000);
  } catch {
    return '(no log)';
  }
}
