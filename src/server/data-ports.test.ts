import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { dataPortsFromConfig } from './data-ports.js';

const ctx = () => ({ signal: AbortSignal.timeout(2000) });

describe('dataPortsFromConfig', () => {
  it('builds the configured connectors with their integration settings', () => {
    const { ports, connectors } = dataPortsFromConfig(
      parseConfig(
        [
          'agents:',
          '  metrics: { backend: prometheus, url: "http://prom:9090" }',
          '  logs: { backend: loki, url: "http://loki:3100" }',
          '  deploy: { backend: webhook }',
          'integrations:',
          '  prometheus: { service_label: app }',
        ].join('\n'),
        {},
      ),
    );
    expect(ports.metrics?.id).toBe('prometheus');
    expect((ports.metrics as unknown as { options: { service_label: string } }).options.service_label).toBe(
      'app',
    );
    expect(ports.logs?.id).toBeDefined();
    expect(connectors.map((c) => c.kind)).toEqual(['metrics', 'logs', 'changes']);
  });

  it('names the integration key of a bad connector setting', () => {
    expect(() =>
      dataPortsFromConfig(
        parseConfig(
          [
            'agents:',
            '  metrics: { backend: prometheus, url: "http://prom:9090" }',
            'integrations:',
            '  prometheus: { step_s: -1 }',
          ].join('\n'),
          {},
        ),
      ),
    ).toThrow(/integrations\.prometheus/);
  });

  it('reads topology.file, and reports a malformed one as an error outcome', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afr-topo-'));
    const good = join(dir, 'topology.json');
    writeFileSync(
      good,
      JSON.stringify({
        services: [{ name: 'api' }, { name: 'db' }],
        dependencies: [{ from: 'api', to: 'db' }],
      }),
    );
    const { ports } = dataPortsFromConfig(
      parseConfig(
        [
          `topology: { file: ${JSON.stringify(good)} }`,
          'agents: { metrics: { backend: bundle }, logs: { backend: bundle }, deploy: { backend: bundle } }',
        ].join('\n'),
        {},
      ),
    );
    const outcome = await ports.topology?.topology(ctx());
    expect(outcome?.kind === 'ok' && outcome.data.dependencies).toEqual([{ from: 'api', to: 'db' }]);
    writeFileSync(good, JSON.stringify({ services: [{ name: '' }] }));
    const bad = await ports.topology?.topology(ctx());
    expect(bad?.kind === 'error' && bad.message).toMatch(/services\.0\.name/);
    rmSync(dir, { recursive: true, force: true });
  });
});
