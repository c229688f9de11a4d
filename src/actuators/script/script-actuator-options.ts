/**
 * Settings of the script actuator (`actuator.backend: script`, settings under
 * `integrations.script_actuator`): for each strategy, the executable that applies it and
 * the one that undoes it, run without a shell. `args` are templates over the step's
 * variables (see ../webhook/step-variables.ts); each renders to exactly one argument, with
 * values passed verbatim. The step is also passed as AFR_* environment variables. The
 * executable itself is fixed in the config. `dry_run` defaults to true: nothing is run.
 */
import { z } from 'zod';
import { STRATEGIES } from '../../core/vocabulary.js';
import { placeholdersOf } from '../webhook/template.js';

export const CommandSchema = z.object({
  /** The executable: a path, or a name looked up in PATH. Never a shell command line. */
  command: z
    .string()
    .min(1)
    .refine((c) => placeholdersOf(c).length === 0, {
      message: 'the executable cannot hold a {{placeholder}}',
    }),
  /** One entry per argument; `{{name}}` placeholders are replaced by the step's values, verbatim. */
  args: z.array(z.string()).default([]),
});

export type Command = z.output<typeof CommandSchema>;

export const StrategyScriptsSchema = z
  .object({
    apply: CommandSchema,
    undo: CommandSchema.optional(),
    /** False for an action that needs no undo (a restart): undo then runs nothing. */
    reversible: z.boolean().default(true),
    /** One line for previews and receipts; the command line when absent. */
    summary: z.string().optional(),
  })
  .refine((s) => s.undo !== undefined || !s.reversible, {
    message: 'required unless reversible: false',
    path: ['undo'],
  });

export type StrategyScripts = z.output<typeof StrategyScriptsSchema>;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const ScriptActuatorOptionsSchema = z.object({
  strategies: z
    .partialRecord(z.enum(STRATEGIES).exclude(['none']), StrategyScriptsSchema)
    .refine((s) => Object.keys(s).length > 0, { message: 'configure at least one strategy' }),
  /** Prints a JSON object describing a target (AFR_SERVICE) on stdout. */
  describe: CommandSchema.optional(),
  /** Run nothing: apply returns the exact command it would have run. */
  dry_run: z.boolean().default(true),
  /** Per run; past it the process group is stopped. */
  timeout_ms: z.number().int().positive().default(60_000),
  /** stdout and stderr together; past it the process group is stopped. */
  max_output_bytes: z
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** Working directory of the scripts; afr's own when absent. */
  cwd: z.string().min(1).optional(),
  /** Extra fixed environment variables (credentials for the tool, say). */
  env: z
    .record(z.string(), z.string())
    .superRefine((env, ctx) => {
      for (const name of Object.keys(env)) {
        if (!ENV_NAME.test(name))
          ctx.addIssue({ code: 'custom', path: [name], message: 'not an environment variable name' });
      }
    })
    .default({}),
  /** Pass afr's whole environment; by default only PATH, HOME, LANG and TZ are passed on. */
  inherit_env: z.boolean().default(false),
});

export type ScriptActuatorOptions = z.output<typeof ScriptActuatorOptionsSchema>;
export type ScriptActuatorOptionsInput = z.input<typeof ScriptActuatorOptionsSchema>;
