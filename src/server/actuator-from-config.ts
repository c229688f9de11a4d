/**
 * The actuator `actuator.backend` names, with its settings parsed (defaults included: the
 * Kubernetes actuator dry-runs unless `dry_run: false`) from `integrations.simulator` or
 * `integrations.kubernetes_actuator`. A bad setting is a ConfigError naming the key.
 */
import { ZodError, type z } from 'zod';
import { KubernetesActuator, KubernetesActuatorOptionsSchema } from '../actuators/kubernetes/index.js';
import { HttpSimActuator, HttpSimActuatorOptionsSchema } from '../actuators/sim-http/index.js';
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
