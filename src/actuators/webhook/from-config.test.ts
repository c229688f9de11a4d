/**
 * `actuator.backend` wiring of the webhook, script, Nomad and Swarm actuators
 * (src/server/actuator-from-config.ts): settings parsed from their `integrations.*` key
 * with dry_run on by default, and a bad setting reported with its full key.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/index.js';
import { actuatorFromConfig } from '../../server/actuator-from-config.js';

const build = (yaml: string) =>
  actuatorFromConfig(parseConfig(yaml, {})) as unknown as {
    id: string;
    options: { dry_run: boolean };
  };

describe('actuatorFromConfig: webhook, script, nomad, swarm', () => {
  it('builds each from its integrations key, dry-running by default', () => {
    const webhook = build(
      [
        'actuator: { backend: webhook }',
        'integrations:',
        '  webhook_actuator:',
        '    strategies:',
        '      restart: { reversible: false, apply: { url: "https://rundeck.example/api/41/job/r/run" } }',
      ].join('\n'),
    );
    const script = build(
      [
        'actuator: { backend: script }',
        'integrations:',
        '  script_actuator:',
        '    strategies: { restart: { reversible: false, apply: { command: /opt/afr/restart.sh, args: ["{{service}}"] } } }',
      ].join('\n'),
    );
    const nomad = build(
      'actuator: { backend: nomad }\nintegrations: { nomad: { url: "https://nomad:4646" } }',
    );
    const swarm = build('actuator: { backend: swarm }');
    expect([webhook, script, nomad, swarm].map((a) => [a.id, a.options.dry_run])).toEqual([
      ['webhook', true],
      ['script', true],
      ['nomad', true],
      ['swarm', true],
    ]);
  });

  it('names the key of a bad setting', () => {
    expect(() => build('actuator: { backend: webhook }')).toThrow(
      /integrations\.webhook_actuator\.strategies/,
    );
    expect(() =>
      build(
        'actuator: { backend: script }\nintegrations: { script_actuator: { strategies: { rollback: { apply: { command: x } } } } }',
      ),
    ).toThrow(/integrations\.script_actuator\.strategies\.rollback\.undo: required unless reversible: false/);
    expect(() => build('actuator: { backend: nomad }\nintegrations: { nomad: { dry_run: maybe } }')).toThrow(
      /integrations\.nomad\.dry_run/,
    );
    expect(() =>
      build('actuator: { backend: swarm }\nintegrations: { swarm: { url: "unix:///var/run/docker.sock" } }'),
    ).toThrow(/integrations\.swarm\.url: expected a tcp:\/\/, http:\/\/ or https:\/\/ address/);
  });
});
