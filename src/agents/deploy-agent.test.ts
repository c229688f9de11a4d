import { describe, expect, it } from 'vitest';
import type { ChangeFinding, ChangeSource } from '../core/index.js';
import { failure } from '../core/index.js';
import { DeployIntelligenceAgent } from './deploy-agent.js';
import { ALERT_AT, TelemetryStore, testContext, WINDOW_END, WINDOW_START } from './testing/context.js';

function storeWithChanges(): TelemetryStore {
  const store = new TelemetryStore();
  store.addChange({ timestamp: WINDOW_START - 3 * 3600, service: 'api', kind: 'deploy', version: 'v0' });
  store.addChange({
    timestamp: WINDOW_START - 1800,
    service: 'db',
    kind: 'config',
    description: 'max_connections 100→20',
  });
  store.addChange({
    timestamp: ALERT_AT - 600,
    service: 'api',
    kind: 'deploy',
    version: 'v2',
    previous_version: 'v1',
  });
  store.addChange({ timestamp: ALERT_AT + 300, service: 'web', kind: 'scale' });
  store.addChange({ timestamp: WINDOW_END + 60, service: 'api', kind: 'deploy', version: 'v3' });
  return store;
}

describe('DeployIntelligenceAgent', () => {
  it('lists the changes around the incident with their timing', async () => {
    const result = await new DeployIntelligenceAgent().investigate(
      testContext(storeWithChanges(), ['api', 'db', 'web']),
    );
    const findings = result.findings as ChangeFinding[];
    expect(findings.map((f) => `${f.service}:${f.change_kind}`)).toEqual([
      'db:config',
      'api:deploy',
      'web:scale',
    ]);
    const [config, deploy, scale] = findings;
    expect(deploy).toMatchObject({ kind: 'change', agent: 'deploy', version: 'v2', previous_version: 'v1' });
    expect(deploy.timestamp).toBe(ALERT_AT - 600);
    expect(deploy.summary).toBe('deploy on api v2, 10m before the alert');
    expect(deploy.suspicion).toBeCloseTo(Math.exp(-600 / 1800), 3);
    expect(config.summary).toBe('config on db: max_connections 100→20, 1h5m before the alert');
    expect(config.suspicion).toBeLessThan(deploy.suspicion);
    expect(scale.summary).toMatch(/5m after the alert/);
    expect(scale.suspicion).toBe(0.05);
    expect(result.observed_services).toEqual(['api', 'db', 'web']);
    expect(result.sources[0]).toMatchObject({ status: 'ok' });
  });

  it('looks back as far as it is told', async () => {
    const agent = new DeployIntelligenceAgent({ lookbackSeconds: 4 * 3600 });
    const result = await agent.investigate(testContext(storeWithChanges(), ['api']));
    expect((result.findings as ChangeFinding[]).map((f) => f.version ?? f.change_kind)).toContain('v0');
  });

  it('reports a missing or failing change source without findings', async () => {
    const absent = await new DeployIntelligenceAgent().investigate(
      testContext(new TelemetryStore(), ['api'], { ports: {} }),
    );
    expect(absent.sources[0].status).toBe('absent');
    const broken: ChangeSource = {
      id: 'argo',
      changes: async () => failure('401 Unauthorized', { connector: 'argo', query: 'q' }),
    };
    const failed = await new DeployIntelligenceAgent().investigate(
      testContext(new TelemetryStore(), ['api'], { ports: { changes: broken } }),
    );
    expect(failed.findings).toEqual([]);
    expect(failed.sources).toEqual([{ source: 'argo', status: 'error', detail: '401 Unauthorized' }]);
    expect(failed.observed_services).toEqual([]);
  });
});
