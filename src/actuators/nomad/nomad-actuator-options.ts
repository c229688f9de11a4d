/**
 * Settings of the Nomad actuator (`actuator.backend: nomad`, settings under
 * `integrations.nomad`): the Nomad HTTP API address, the ACL token sent as X-Nomad-Token,
 * the namespace and region every request names, how an afr service maps to a job and a
 * task group, and the safety rails. `dry_run` defaults to true: nothing that changes a job
 * is sent until an operator turns it off.
 *
 * ACL capabilities the token needs in the namespace: `read-job` (describe, versions,
 * allocations), `submit-job` (revert), `scale-job` (scale), `alloc-lifecycle` (restart).
 */
import { z } from 'zod';

export const NomadActuatorOptionsSchema = z.object({
  /** Nomad HTTP API, e.g. `https://nomad.service.consul:4646`. */
  url: z.url().default('http://127.0.0.1:4646'),
  /** ACL token (X-Nomad-Token); none when ACLs are off. */
  token: z.string().min(1).optional(),
  /** `namespace` query parameter of every request; Nomad's default namespace when absent. */
  namespace: z.string().min(1).optional(),
  /** `region` query parameter of every request; the agent's region when absent. */
  region: z.string().min(1).optional(),
  /** afr service → Nomad job ID; the service name itself when absent. */
  jobs: z.record(z.string(), z.string().min(1)).default({}),
  /** afr service → task group that `scale_up` changes; needed when its job has several groups. */
  groups: z.record(z.string(), z.string().min(1)).default({}),
  /** Send nothing that changes a job: apply returns the exact request it would send. */
  dry_run: z.boolean().default(true),
  /** Upper bound on the count `scale_up` asks for (a group's `scaling.max` also bounds it). */
  max_count: z.number().int().positive().optional(),
  /** Growth of `scale_up` when the step gives no target. */
  scale_factor: z.number().gt(1).max(10).default(1.5),
  /** Wait between two allocation restarts, so a restart is progressive. */
  restart_pause_ms: z.number().int().min(0).max(600_000).default(5_000),
  /** Per request. */
  timeout_ms: z.number().positive().default(15_000),
  /** Extra attempts for reads on a transient failure; writes are never retried. */
  retries: z.number().int().min(0).max(5).default(1),
});

export type NomadActuatorOptions = z.output<typeof NomadActuatorOptionsSchema>;
export type NomadActuatorOptionsInput = z.input<typeof NomadActuatorOptionsSchema>;
