/**
 * The actuator `actuator.backend` names, with its settings parsed (defaults included: the
 * Kubernetes actuator dry-runs unless `dry_run: false`) from `integrations.simulator`,
 * `integrations.kubernetes_actuator`, `integrations.webhook_actuator`,
 * `integrations.script_actuator`, `integrations.nomad`, `integrations.swarm`,
 * `integrations.istio`, `integrations.ecs` or `integrations.azure_container_apps` (every one
 * of these but the simulator dry-runs by default). A bad setting is a ConfigError naming the key.
 */
import { ZodError, type z } from 'zod';
import {
  ContainerAppsActuator,
  ContainerAppsOptionsSchema,
} from '../actuators/azure-container-apps/index.js';
import { EcsActuator, EcsActuatorOptionsSchema } from '../actuators/ecs/index.js';
import { IstioActuator, IstioActuatorOptionsSchema } from '../actuators/istio/index.js';
import { KubernetesActuator, KubernetesActuatorOptionsSchema } from '../actuators/kubernetes/index.js';
import { NomadActuator, NomadActuatorOptionsSchema } from '../actuators/nomad/index.js';
import { ScriptActuator, ScriptActuatorOptionsSchema } from '../actuators/script/index.js';
import { HttpSimActuator, HttpSimActuatorOptionsSchema } from '../actuators/sim-http/index.js';
import { SwarmActuator, SwarmActuatorOptionsSchema } from '../actuators/swarm/index.js';
import { WebhookActuator, WebhookActuatorOptionsSchema } from '../actuators/webhook/index.js';
import { type AfrConfig, ConfigError } from '../config/index.js';
import type { Actuator } from '../core/index.js';

export function actuatorFromConfig(config: AfrConfig): Actuator | undefined {
  switch (config.actuator.backend) {
    case 'simulator': {
      const options = parse(
        HttpSimActuatorOptionsSchema,
        config.integrations.simulator,
        'integrations.simulator',
      );
      return new HttpSimActuator(options);
    }
    case 'kubernetes': {
      const key = 'integrations.kubernetes_actuator';
      const options = parse(KubernetesActuatorOptionsSchema, config.integrations.kubernetes_actuator, key);
      try {
        return new KubernetesActuator(options);
      } catch (error) {
        throw new ConfigError('config', [
          { path: key, message: error instanceof Error ? error.message : String(error) },
        ]);
      }
    }
    case 'webhook': {
      const key = 'integrations.webhook_actuator';
      return new WebhookActuator(
        parse(WebhookActuatorOptionsSchema, config.integrations.webhook_actuator, key),
      );
    }
    case 'script': {
      const key = 'integrations.script_actuator';
      return new ScriptActuator(parse(ScriptActuatorOptionsSchema, config.integrations.script_actuator, key));
    }
    case 'nomad':
      return new NomadActuator(
        parse(NomadActuatorOptionsSchema, config.integrations.nomad, 'integrations.nomad'),
      );
    case 'swarm':
      return new SwarmActuator(
        parse(SwarmActuatorOptionsSchema, config.integrations.swarm, 'integrations.swarm'),
      );
    case 'istio': {
      const key = 'integrations.istio';
      const options = parse(IstioActuatorOptionsSchema, config.integrations.istio, key);
      try {
        return new IstioActuator(options);
      } catch (error) {
        throw new ConfigError('config', [
          { path: key, message: error instanceof Error ? error.message : String(error) },
        ]);
      }
    }
    case 'ecs':
      return new EcsActuator(parse(EcsActuatorOptionsSchema, config.integrations.ecs, 'integrations.ecs'));
    case 'azure_container_apps': {
      const key = 'integrations.azure_container_apps';
      return new ContainerAppsActuator(
        parse(ContainerAppsOptionsSchema, config.integrations.azure_container_apps, key),
      );
    }
    default:
      return undefined;
  }
}

function parse<S extends z.ZodType>(schema: S, settings: unknown, key: string): z.output<S> {
  try {
    return schema.parse(settings ?? {});
  } catch (error) {
    if (error instanceof ZodError) {
      throw new ConfigError(
        'config',
        error.issues.map((i) => ({ path: [key, ...i.path.map(String)].join('.'), message: i.message })),
      );
    }
    throw error;
  }
}
