// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${VAR} references in plain strings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig, parseConfig } from './index.js';

const EXAMPLE = fileURLToPath(new URL('../../config.example.yml', import.meta.url));

/** The ConfigError that parsing `text` throws (fails the test if it parses). */
function configError(text: string, env: Record<string, string | undefined> = {}): ConfigError {
  try {
    parseConfig(text, env, 'test.yml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('defaults', () => {
  it('gives a complete config for an empty file, a comment-only file and an empty section', () => {
    const config = defaultConfig();
    expect(config.commander).toEqual({
      confidence_threshold: 0.8,
      approval_threshold: 0.5,
      auto_remediate: false,
      escalation_timeout_seconds: 300,
      investigation_deadline_ms: 5000,
      window_minutes: 60,
    });
    expect(config.agents.logs.backend).toBe('simulator');
    expect(config.store).toEqual({ driver: 'sqlite', data_dir: './.afr', url: '', schema: 'public' });
    expect(config.server).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      body_limit_bytes: 16 * 1024 * 1024,
      workers: 4,
      ui: true,
    });
    expect(config.policy.allowed_strategies).toHaveLength(7);
    expect(config.policy.dry_run).toBeNull();
    expect(config.topology.file).toBeNull();
    expect(parseConfig('', {})).toEqual(config);
    expect(parseConfig('# nothing here\n', {})).toEqual(config);
    expect(parseConfig('commander:\nserver:\n  port:\n', {})).toEqual(config);
  });

  it('returns a fresh object each time', () => {
    const a = defaultConfig();
    a.policy.allowed_strategies.pop();
    expect(defaultConfig().policy.allowed_strategies).toHaveLength(7);
  });
});

describe('config.example.yml', () => {
  const text = fs.readFileSync(EXAMPLE, 'utf8');

  it('is valid with the variables it requires', () => {
    const config = parseConfig(text, { ARGOCD_TOKEN: 'argo-token' }, 'config.example.yml');
    expect(config.commander.confidence_threshold).toBe(0.8);
    expect(config.commander.auto_remediate).toBe(false);
    expect(config.commander.escalation_timeout_seconds).toBe(300);
    expect(config.agents.logs).toMatchObject({ backend: 'elasticsearch', url: 'http://elasticsearch:9200' });
    expect(config.agents.metrics).toMatchObject({ backend: 'prometheus', retention_days: 30 });
    expect(config.agents.deploy).toMatchObject({ backend: 'argocd', history_days: 7 });
    expect(config.integrations.argocd).toEqual({ token: 'argo-token' });
    expect(config.integrations.kubernetes).toEqual({ context: 'production', namespaces: ['default'] });
    expect(config.policy.freeze_windows).toEqual([
      { start: 1798070400, end: 1798329600, reason: 'holiday change freeze' },
    ]);
  });

  it('names the variable it needs when it is missing', () => {
    const error = configError(text);
    expect(error.issues).toEqual([
      expect.objectContaining({
        path: 'integrations.argocd.token',
        message: expect.stringContaining('ARGOCD_TOKEN is not set'),
      }),
    ]);
  });

  it('documents every key of the schema with a comment', () => {
    const lines = text.split('\n');
    const comments = lines.filter((line) => line.trim().startsWith('#'));
    const keyLines = lines
      .map((line, i) => ({ line, i, key: /^\s*(?:- )?([a-z_]+):/.exec(line)?.[1] }))
      .filter((k) => k.key);
    const config = defaultConfig();
    const schemaKeys = new Set<string>([
      ...Object.keys(config),
      ...Object.entries(config)
        .filter(([name]) => name !== 'integrations')
        .flatMap(([, section]) => Object.keys(section)),
      ...Object.keys(config.agents.logs),
      'url',
      'index_pattern',
      'retention_days',
      'history_days',
      'deadline_ms',
      'start',
      'end',
      'reason',
    ]);
    for (const key of schemaKeys) {
      const found = keyLines.find((k) => k.key === key);
      expect(found, `key ${key} is in config.example.yml`).toBeDefined();
      const commentAbove = lines[found!.i - 1]?.trim().startsWith('#');
      // Keys of list items (freeze window start/end/reason) are explained in their list's comment.
      const namedInComment = comments.some((c) => new RegExp(`\\b${key}\\b`).test(c));
      expect(commentAbove || namedInComment, `key ${key} has a comment`).toBe(true);
    }
    expect(text).toMatch(/^\s*# path:/m);
  });
});

describe('values', () => {
  it('reads numbers and booleans from variables, and AFR_DATA_DIR overrides store.data_dir', () => {
    const config = parseConfig(
      'server:\n  port: ${PORT}\ncommander:\n  auto_remediate: ${AUTO:-false}\n  confidence_threshold: "${CONF}"\nstore:\n  data_dir: /ignored\n',
      { PORT: '9090', AUTO: 'TRUE', CONF: '0.9', AFR_DATA_DIR: '/var/lib/afr' },
    );
    expect(config.server.port).toBe(9090);
    expect(config.commander.auto_remediate).toBe(true);
    expect(config.commander.confidence_threshold).toBe(0.9);
    expect(config.store.data_dir).toBe('/var/lib/afr');
  });

  it('keeps integration settings as written, numbers included', () => {
    const config = parseConfig('integrations:\n  opsgenie:\n    team: 42\n    tags: [a, b]\n  empty:\n', {});
    expect(config.integrations).toEqual({ opsgenie: { team: 42, tags: ['a', 'b'] }, empty: {} });
  });

  it('turns freeze window times into epoch seconds', () => {
    const config = parseConfig(
      'policy:\n  freeze_windows:\n    - { start: 100, end: "1970-01-01T00:03:20Z" }\n',
      {},
    );
    expect(config.policy.freeze_windows).toEqual([{ start: 100, end: 200, reason: '' }]);
  });
});

describe('loadConfig', () => {
  function withTempDir(work: (dir: string) => Promise<void>): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afr-config-'));
    return work(dir).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
  }

  it('reads the named file, else the file AFR_CONFIG names', () =>
    withTempDir(async (dir) => {
      const file = path.join(dir, 'afr.yml');
      fs.writeFileSync(file, 'server:\n  port: 9999\n');
      expect((await loadConfig(file, {})).server.port).toBe(9999);
      expect((await loadConfig(undefined, { AFR_CONFIG: file })).server.port).toBe(9999);
    }));

  it('gives the defaults when no file is named and ./config.yml does not exist', async () => {
    const cwd = process.cwd();
    await withTempDir(async (dir) => {
      process.chdir(dir);
      try {
        expect(await loadConfig(undefined, {})).toEqual(defaultConfig());
        fs.writeFileSync(path.join(dir, 'config.yml'), 'server:\n  port: 7777\n');
        expect((await loadConfig(undefined, {})).server.port).toBe(7777);
      } finally {
        process.chdir(cwd);
      }
    });
  });

  it('refuses a named file that does not exist, naming it, and names the file in errors', () =>
    withTempDir(async (dir) => {
      const missing = path.join(dir, 'nope.yml');
      await expect(loadConfig(missing, {})).rejects.toThrow(`${missing}: invalid configuration`);
      await expect(loadConfig(missing, {})).rejects.toThrow(/file not found/);
      const bad = path.join(dir, 'bad.yml');
      fs.writeFileSync(bad, 'server:\n  port: x\n');
      await expect(loadConfig(bad, {})).rejects.toThrow(
        `${bad}: invalid configuration (1 problem):\n  server.port:`,
      );
    }));
});
