/**
 * Real Prometheus Alertmanager (the Debian package `prometheus-alertmanager`, installed by
 * scripts/install-test-deps.sh) for measuring its own alert ingestion, `POST /api/v2/alerts`,
 * next to afr's. It groups by alertname and service like afr does, and routes to a receiver
 * with no integrations, so what is measured is ingestion and dispatch, not webhook
 * delivery. Clustering is off (it would bind 0.0.0.0:9094); loopback port, temporary
 * storage, stopped at cleanup.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/free-port.js';
import { onCleanup, removeAtCleanup } from './cleanup.js';

export interface AlertmanagerProcess {
  url: string;
  pid: number;
  version: string;
  stop(): Promise<void>;
}

const CONFIG = `route:
  receiver: blackhole
  group_by: ['alertname', 'service']
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: blackhole
`;

export async function startAlertmanagerForIngest(): Promise<AlertmanagerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'afr-bench-am-'));
  removeAtCleanup(dir);
  writeFileSync(join(dir, 'alertmanager.yml'), CONFIG);
  const port = await freePort();
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
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const stop = () => stopChild(child);
  onCleanup(stop, () => child.kill('SIGKILL'));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited (code ${child.exitCode}):\n${stderr}`);
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
    if (ready?.ok) break;
    if (Date.now() > deadline) throw new Error(`alertmanager not ready after 30 s:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const status = (await (await fetch(`${url}/api/v2/status`)).json()) as {
    versionInfo?: { version?: string };
  };
  return { url, pid: child.pid!, version: status.versionInfo?.version ?? 'unknown', stop };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
