/**
 * Settings of the HTTP simulator actuator (proposed config: `remediation.actuator`, `backend: sim`):
 * where `afr sim serve` listens, and its request budget. Reads (describe) are retried on
 * transient failures; actions never are, so a remediation cannot be applied twice.
 */
import { z } from 'zod';

export const HttpSimActuatorOptionsSchema = z.object({
  /** Base URL of the live simulator, e.g. `http://127.0.0.1:9400`. */
  url: z.url(),
  /** Per request. */
  timeout_ms: z.number().positive().default(10_000),
  /** Extra attempts for describe on a transient failure. */
  retries: z.number().int().min(0).max(5).default(1),
});

export type HttpSimActuatorOptions = z.output<typeof HttpSimActuatorOptionsSchema>;
export type HttpSimActuatorOptionsInput = z.input<typeof HttpSimActuatorOptionsSchema>;
