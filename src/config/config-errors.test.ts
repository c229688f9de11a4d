// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests are about ${VAR} references in plain strings.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './index.js';

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

describe('errors', () => {
  it('names the key path, what was expected and what was found', () => {
    const error = configError('commander:\n  confidence_threshold: high\n');
    expect(error.issues).toEqual([
      {
        path: 'commander.confidence_threshold',
        message: 'expected a number between 0 and 1, got "high"',
        line: 2,
        column: 3,
      },
    ]);
    expect(error.message).toContain(
      'commander.confidence_threshold: expected a number between 0 and 1, got "high"',
    );
    expect(error.message).toMatch(/^test\.yml: invalid configuration \(1 problem\):/);
  });

  it('refuses out-of-range values', () => {
    expect(configError('commander:\n  confidence_threshold: 1.5\n').issues[0].message).toBe(
      'expected a number between 0 and 1, got 1.5',
    );
    expect(configError('server:\n  port: 70000\n').issues[0]).toMatchObject({
      path: 'server.port',
      message: 'expected a port number between 0 and 65535, got 70000',
    });
    expect(configError('policy:\n  max_actions_per_hour: 2.5\n').issues[0].message).toBe(
      'expected a whole number >= 0, got 2.5',
    );
    expect(configError('commander:\n  investigation_deadline_ms: 0\n').issues[0].message).toBe(
      'expected a number > 0, got 0',
    );
  });

  it('refuses bad types, words and list items', () => {
    expect(configError('commander:\n  auto_remediate: yes\n').issues[0].message).toBe(
      'expected true or false, got "yes"',
    );
    expect(configError('agents:\n  logs:\n    backend: graylog\n').issues[0]).toMatchObject({
      path: 'agents.logs.backend',
      message: expect.stringMatching(/^expected one of simulator, bundle, file, loki.*, got "graylog"$/),
    });
    expect(configError('policy:\n  allowed_strategies: [rollback, reboot]\n').issues[0]).toMatchObject({
      path: 'policy.allowed_strategies[1]',
      message: expect.stringContaining('got "reboot"'),
      line: 2,
    });
    expect(configError('server: 8080\n').issues[0]).toMatchObject({
      path: 'server',
      message: 'expected a mapping of settings, got 8080',
    });
    expect(configError('integrations:\n  slack: hooks.example\n').issues[0].path).toBe('integrations.slack');
  });

  it('refuses unknown keys, suggesting the known key it resembles', () => {
    const error = configError('commander:\n  confidence_treshold: 0.9\nservr:\n  port: 1\n');
    expect(error.issues).toEqual([
      expect.objectContaining({
        path: 'commander.confidence_treshold',
        message: 'unknown key (did you mean confidence_threshold?)',
        line: 2,
      }),
      expect.objectContaining({ path: 'servr', message: 'unknown key (did you mean server?)', line: 3 }),
    ]);
    expect(configError('server:\n  database: x\n').issues[0].message).toBe(
      'unknown key; expected one of host, port, body_limit_bytes, api_tokens, workers, lease_seconds, replica_id, ui, audit_head_log_seconds',
    );
    expect(
      configError('policy:\n  freeze_windows:\n    - { start: 1, end: 2, why: x }\n').issues[0].path,
    ).toBe('policy.freeze_windows[0].why');
  });

  it('checks settings that depend on each other', () => {
    expect(configError('commander:\n  approval_threshold: 0.9\n').issues[0]).toEqual(
      expect.objectContaining({
        path: 'commander.approval_threshold',
        message: 'must not exceed commander.confidence_threshold (0.8)',
      }),
    );
    expect(configError('agents:\n  metrics:\n    backend: prometheus\n').issues[0]).toMatchObject({
      path: 'agents.metrics.url',
      message: 'required when backend is prometheus',
    });
    expect(configError('agents:\n  logs:\n    backend: file\n').issues[0].path).toBe('agents.logs.path');
    expect(configError('store:\n  driver: postgres\n').issues[0].path).toBe('store.url');
    expect(configError('policy:\n  freeze_windows:\n    - { start: 10, end: 5 }\n').issues[0]).toMatchObject({
      path: 'policy.freeze_windows[0].end',
      message: 'must be after start',
    });
    expect(configError('policy:\n  freeze_windows:\n    - { end: 5 }\n').issues[0]).toMatchObject({
      path: 'policy.freeze_windows[0].start',
      message: expect.stringMatching(/^required, expected Unix seconds/),
    });
  });

  it('lists every problem at once', () => {
    const error = configError('commander:\n  confidence_threshold: high\nserver:\n  port: -1\n  hots: x\n');
    expect(error.issues.map((i) => i.path)).toEqual([
      'commander.confidence_threshold',
      'server.port',
      'server.hots',
    ]);
    expect(error.message).toContain('(3 problems)');
  });

  it('names the key path and the variable of a missing environment variable', () => {
    const error = configError(
      'agents:\n  metrics:\n    backend: prometheus\n    url: http://${PROM_HOST}:9090\n',
    );
    expect(error.issues).toEqual([
      {
        path: 'agents.metrics.url',
        message: 'environment variable PROM_HOST is not set (set it, or write ${PROM_HOST:-default})',
        line: 4,
        column: 5,
      },
    ]);
  });

  it('reports YAML syntax errors with line and column', () => {
    const error = configError('server:\n  port: 8080\n  host: a: b\n');
    expect(error.issues).toEqual([
      {
        path: '',
        message: 'YAML syntax error at line 3, column 9: Nested mappings are not allowed in compact mappings',
        line: 3,
        column: 9,
      },
    ]);
    expect(error.message).toBe(`test.yml: invalid configuration (1 problem):\n  ${error.issues[0].message}`);
    const duplicate = configError('server:\n  port: 1\n  port: 2\n');
    expect(duplicate.issues[0]).toMatchObject({ line: 3, column: 3 });
    expect(duplicate.message).toMatch(/line 3, column 3: .*unique/);
  });

  it('hints at quoting a variable reference that broke a flow mapping', () => {
    const error = configError('integrations:\n  pagerduty: { api_key: ${KEY}, service_id: P1 }\n');
    expect(error.issues.at(-1)).toMatchObject({
      path: '',
      message: expect.stringMatching(/^hint: quote/),
      line: 2,
    });
    expect(
      parseConfig('integrations:\n  pagerduty: { api_key: "${KEY}" }\n', { KEY: 'k' }).integrations,
    ).toEqual({
      pagerduty: { api_key: 'k' },
    });
  });

  it('refuses a file that is not a mapping', () => {
    expect(configError('- a\n- b\n').issues[0].message).toBe(
      'expected a mapping of sections at the top level, got a list',
    );
    expect(configError('just words\n').issues[0].message).toMatch(/got "just words"/);
  });
});
