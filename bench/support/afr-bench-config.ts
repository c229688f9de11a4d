/**
 * config.yml for benchmarks of `afr serve`: a store (SQLite in a temporary data dir, or a
 * throwaway PostgreSQL schema that is dropped at cleanup), no investigation backends (the
 * Commander escalates honestly), the UI off, and the webhook/API tokens the benchmark uses.
 * Extra YAML sections (incidents rules, integrations) are appended as given.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  postgresUnavailable,
  randomSchema,
  TEST_POSTGRES_URL,
} from '../../src/store/postgres/testing/test-database.js';
import { onCleanup, removeAtCleanup } from './cleanup.js';

export type BenchStore = 'sqlite' | 'postgres';

export const BENCH_WEBHOOK_TOKEN = 'bench-webhook-token';
export const BENCH_API_TOKEN = 'bench-api-token';

/** Environment for the server process: the webhook token and an admin API token. */
export const BENCH_ENV = { AFR_WEBHOOK_TOKEN: BENCH_WEBHOOK_TOKEN, AFR_API_TOKEN: BENCH_API_TOKEN };

export interface BenchStoreConfig {
  store: BenchStore;
  /** The `store:` section. */
  yaml: string;
  /** Where the data went (SQLite file or PostgreSQL schema), for reports. */
  where: string;
  /** SQLite: the data directory (afr.db inside). */
  dataDir?: string;
}

/** The PostgreSQL URL of benchmarks: --postgres-url, else AFR_TEST_POSTGRES_URL, else the local default. */
export function benchPostgresUrl(): string {
  const at = process.argv.indexOf('--postgres-url');
  return at >= 0 ? process.argv[at + 1] : TEST_POSTGRES_URL;
}

/** Why PostgreSQL cannot be benchmarked here, or undefined. */
export function postgresMissing(): Promise<string | undefined> {
  return postgresUnavailable(benchPostgresUrl());
}

/** A fresh store: a temporary SQLite data dir, or a new PostgreSQL schema (dropped at cleanup). */
export function benchStore(store: BenchStore): BenchStoreConfig {
  if (store === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'afr-bench-data-'));
    removeAtCleanup(dir);
    return {
      store,
      yaml: `store:\n  driver: sqlite\n  data_dir: ${JSON.stringify(dir)}\n`,
      where: 'afr.db in a temporary directory',
      dataDir: dir,
    };
  }
  const url = benchPostgresUrl();
  const schema = randomSchema().replace(/^afr_test_/, 'afr_bench_');
  onCleanup(() => dropSchema(url, schema));
  return {
    store,
    yaml: `store:\n  driver: postgres\n  url: ${JSON.stringify(url)}\n  schema: ${schema}\n`,
    where: `schema ${schema} (dropped afterwards)`,
  };
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The whole config.yml: server, the store, the agents' backends (none by default), and `extra` sections. */
export function benchConfigYaml(
  store: BenchStoreConfig,
  options: { deployBackend?: string; extra?: string } = {},
): string {
  return [
    'server:',
    '  port: 0',
    '  ui: false',
    store.yaml.trimEnd(),
    'agents:',
    '  metrics: { backend: bundle }',
    '  logs: { backend: bundle }',
    `  deploy: { backend: ${options.deployBackend ?? 'bundle'} }`,
    (options.extra ?? '').trimEnd(),
    '',
  ].join('\n');
}

/** A counter or gauge from a Prometheus text exposition, summed over series matching `labels`. */
export function metricValue(exposition: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== '{' && line[name.length] !== ' ')) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
