import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { actuatorFromConfig } from './actuator-from-config.js';

describe('actuatorFromConfig', () => {
  it('builds none by default, and names a missing simulator url', () => {
    expect(actuatorFromConfig(parseConfig('', {}))).toBeUndefined();
    expect(() => actuatorFromConfig(parseConfig('actuator: { backend: simulator }', {}))).toThrow(
      /integrations\.simulator\.url/,
    );
  });

  it('parses the Kubernetes actuator settings, so dry_run defaults to true', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afr-kube-'));
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{ name: c, cluster: { server: "http://127.0.0.1:9" } }]',
        'users: [{ name: u, user: { token: t } }]',
        'contexts: [{ name: x, context: { cluster: c, user: u } }]',
        'current-context: x',
      ].join('\n'),
    );
    const config = parseConfig(
      [
        'actuator: { backend: kubernetes }',
        'integrations:',
        `  kubernetes_actuator: { kubeconfig: ${kubeconfig} }`,
      ].join('\n'),
      {},
    );
    const built = actuatorFromConfig(config) as unknown as {
      options: { dry_run: boolean; field_manager: string };
    };
    expect(built.options.dry_run).toBe(true);
    expect(built.options.field_manager).toBe('afr');
    rmSync(dir, { recursive: true, force: true });
    expect(() =>
      actuatorFromConfig(
        parseConfig(
          'actuator: { backend: kubernetes }\nintegrations: { kubernetes_actuator: { dry_run: maybe } }',
          {},
        ),
      ),
    ).toThrow(/integrations\.kubernetes_actuator\.dry_run/);
  });
});
