/**
 * Settings of the Docker Swarm actuator (`actuator.backend: swarm`, settings under
 * `integrations.swarm`): where the Docker Engine API of a manager node listens (TCP; a
 * `tcp://` address is spoken to as `http://`), an optional API version prefix, headers for
 * an authenticating proxy in front of it, how an afr service maps to a Swarm service, and
 * the safety rails. `dry_run` defaults to true: no service update is sent until an
 * operator turns it off. Client-certificate TLS (port 2376 with --tlsverify) is not
 * supported directly: put a TLS-terminating or socket proxy in front.
 */
import { z } from 'zod';
import { HeadersSchema } from '../shared/headers-schema.js';

export const SwarmActuatorOptionsSchema = z.object({
  /** Docker Engine API of a manager, e.g. `tcp://swarm-manager:2375` or `https://docker-proxy:8443`. */
  url: z
    .string()
    .regex(/^(tcp|https?):\/\/[^/\s]+/, 'expected a tcp://, http:// or https:// address')
    .default('http://127.0.0.1:2375')
    .transform((url) => url.replace(/^tcp:\/\//, 'http://')),
  /** Pin the Engine API version (`1.43` → requests under `/v1.43/`); the daemon's own when absent. */
  api_version: z
    .string()
    .regex(/^\d+\.\d+$/, 'expected a version like 1.43')
    .optional(),
  /** Extra headers on every request (for an authenticating proxy). */
  headers: HeadersSchema,
  /** Stack whose services are named `<stack>_<service>` (as `docker stack deploy` names them). */
  stack: z.string().min(1).optional(),
  /** afr service → Swarm service name or ID; wins over `stack`. */
  services: z.record(z.string(), z.string().min(1)).default({}),
  /** Send no service update: apply returns the exact request it would send. */
  dry_run: z.boolean().default(true),
  /** Upper bound on replicas `scale_up` asks for. */
  max_replicas: z.number().int().positive().optional(),
  /** Growth of `scale_up` when the step gives no target. */
  scale_factor: z.number().gt(1).max(10).default(1.5),
  /** Per request. */
  timeout_ms: z.number().positive().default(15_000),
  /** Extra attempts for reads on a transient failure; updates are never retried. */
  retries: z.number().int().min(0).max(5).default(1),
});

export type SwarmActuatorOptions = z.output<typeof SwarmActuatorOptionsSchema>;
export type SwarmActuatorOptionsInput = z.input<typeof SwarmActuatorOptionsSchema>;
