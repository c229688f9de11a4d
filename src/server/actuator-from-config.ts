/** The actuator `actuator.backend` names, with its settings under `integrations`. */

import { KubernetesActuator } from '../actuators/kubernetes/index.js';
import { HttpSimActuator } from '../actuators/sim-http/index.js';
import { type AfrConfig, ConfigError } from '../config/index.js';
import type { Actuator } from '../core/index.js';

export function actuatorFromConfig(config: AfrConfig): Actuator | undefined {
  const build = (key: string, make: () => Actuator) => {
    try {
      return make();
    } catch (error) {
      throw new ConfigError('config', [
        { path: key, message: error instanceof Error ? error.message : String(error) },
      ]);
    }
  };
  switch (config.actuator.backend) {
    case 'simulator':
      return build(
        'integrations.simulator',
        () => new HttpSimActuator(config.integrations.simulator as never),
      );
    case 'kubernetes':
      return build(
        'integrations.kubernetes_actuator',
        () => new KubernetesActuator((config.integrations.kubernetes_actuator ?? {}) as never),
      );
    default:
      return undefined;
  }
}
