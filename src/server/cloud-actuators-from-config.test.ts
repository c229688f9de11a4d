import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContainerAppsActuator } from '../actuators/azure-container-apps/index.js';
import { EcsActuator } from '../actuators/ecs/index.js';
import { IstioActuator } from '../actuators/istio/index.js';
import { parseConfig } from '../config/index.js';
import { actuatorFromConfig } from './actuator-from-config.js';

const optionsOf = (actuator: unknown) => (actuator as { options: Record<string, unknown> }).options;

describe('actuatorFromConfig: cloud and mesh actuators', () => {
  it('builds the Istio actuator from integrations.istio, dry-running by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afr-istio-'));
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
    const built = actuatorFromConfig(
      parseConfig(
        `actuator: { backend: istio }\nintegrations: { istio: { kubeconfig: ${kubeconfig}, namespace: shop } }`,
        {},
      ),
    );
    rmSync(dir, { recursive: true, force: true });
    expect(built).toBeInstanceOf(IstioActuator);
    expect(optionsOf(built)).toMatchObject({ dry_run: true, namespace: 'shop', api_version: 'v1' });
    expect(() =>
      actuatorFromConfig(
        parseConfig('actuator: { backend: istio }\nintegrations: { istio: { shed_percent: 150 } }', {}),
      ),
    ).toThrow(/integrations\.istio\.shed_percent/);
  });

  it('builds the ECS actuator from integrations.ecs, dry-running by default', () => {
    const built = actuatorFromConfig(
      parseConfig(
        'actuator: { backend: ecs }\nintegrations: { ecs: { region: eu-west-1, cluster: prod, auto_scaling_groups: { db: db-asg } } }',
        {},
      ),
    );
    expect(built).toBeInstanceOf(EcsActuator);
    expect(optionsOf(built)).toMatchObject({ dry_run: true, cluster: 'prod' });
    expect(() =>
      actuatorFromConfig(
        parseConfig('actuator: { backend: ecs }\nintegrations: { ecs: { max_desired_count: 0 } }', {}),
      ),
    ).toThrow(/integrations\.ecs\.max_desired_count/);
  });

  it('builds the Container Apps actuator from integrations.azure_container_apps and names missing keys', () => {
    const built = actuatorFromConfig(
      parseConfig(
        [
          'actuator: { backend: azure_container_apps }',
          'integrations:',
          '  azure_container_apps:',
          '    subscription_id: 34adfa4f-cedf-4dc0-ba29-b6d1a69ab345',
          '    resource_group: shop-rg',
        ].join('\n'),
        {},
      ),
    );
    expect(built).toBeInstanceOf(ContainerAppsActuator);
    expect(optionsOf(built)).toMatchObject({ dry_run: true, api_version: '2024-03-01' });
    expect(() => actuatorFromConfig(parseConfig('actuator: { backend: azure_container_apps }', {}))).toThrow(
      /integrations\.azure_container_apps\.subscription_id/,
    );
  });
});
