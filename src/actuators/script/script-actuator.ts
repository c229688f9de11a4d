/**
 * The script actuator: carries out each configured strategy by running its executable
 * (an Ansible playbook wrapper, a Rundeck CLI call, an in-house tool) without a shell,
 * with the step's values as arguments and AFR_* environment variables, and undoes it with
 * the strategy's undo executable. Exit code 0 is success; 75 (EX_TEMPFAIL) is a retryable
 * failure; any other code, a timeout or too much output is a failure that names it. A
 * script may print a JSON object `{"detail": "...", "undo": <any JSON>}`: the detail goes
 * to the receipt, `undo` to the undo script as AFR_UNDO_DATA; other output is the detail.
 * `plan()` runs nothing; `apply()` runs only when `dry_run` is false.
 */
import { failure, noData, type Outcome, type SourceRef } from '../../core/outcome.js';
import type { ActionPreview, ActionReceipt, Actuator, QueryContext } from '../../core/ports.js';
import type { PlanStep } from '../../core/remediation-plan.js';
import type { Strategy } from '../../core/vocabulary.js';
import { ActuationRefused } from '../shared/actuation-refused.js';
import { issuedUndoToken } from '../shared/issued-undo-token.js';
import { runActuation } from '../shared/run-actuation.js';
import { stepVariables } from '../webhook/step-variables.js';
import { ESCAPE, render, type Variables } from '../webhook/template.js';
import { runScript, type ScriptResult } from './run-script.js';
import type { Command, ScriptActuatorOptions, StrategyScripts } from './script-actuator-options.js';
import { afrEnvironment, baseEnvironment, type Phase } from './script-environment.js';
import { type ScriptUndoToken, ScriptUndoTokenSchema } from './script-undo-token.js';

const KEY = 'integrations.script_actuator';
/** sysexits.h EX_TEMPFAIL: try again later. */
const TEMPFAIL = 75;

interface PreparedRun {
  command: string;
  args: string[];
  afrEnv: Record<string, string>;
}

export class ScriptActuator implements Actuator {
  readonly id = 'script';

  constructor(private readonly options: ScriptActuatorOptions) {}

  supports(strategy: Strategy): boolean {
    return strategy !== 'none' && this.options.strategies[strategy] !== undefined;
  }

  describe(target: string, ctx: QueryContext): Promise<Outcome<Record<string, unknown>>> {
    const source: SourceRef = { connector: this.id, query: `describe ${target}` };
    const command = this.options.describe;
    if (!command) return Promise.resolve(noData(source));
    return this.run(source.query, ctx, async () => {
      const vars = { service: target, target };
      const prepared = prepare(command, vars, 'describe', `${KEY}.describe`);
      const result = await this.execute(prepared, ctx.signal);
      const described = parseJson(result.stdout);
      if (typeof described !== 'object' || described === null || Array.isArray(described)) {
        throw new ActuationRefused('unexpected describe output: expected a JSON object on stdout');
      }
      return described as Record<string, unknown>;
    });
  }

  plan(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionPreview>> {
    return this.run(`plan ${step.strategy} ${step.target}`, ctx, async () => {
      const { scripts, field } = this.scriptsFor(step.strategy);
      const vars = stepVariables(step);
      const prepared = prepare(scripts.apply, vars, 'apply', `${field}.apply`);
      return {
        summary: `dry run (nothing run): would ${summaryOf(scripts, vars, prepared, field)}`,
        diff: this.show(prepared),
      };
    });
  }

  apply(step: PlanStep, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`apply ${step.strategy} ${step.target}`, ctx, async () => {
      const { scripts, field } = this.scriptsFor(step.strategy);
      const variables = stepVariables(step);
      const prepared = prepare(scripts.apply, variables, 'apply', `${field}.apply`);
      const summary = summaryOf(scripts, variables, prepared, field);
      const token: ScriptUndoToken = {
        actuator: 'script',
        strategy: step.strategy,
        dry_run: this.options.dry_run,
        variables,
      };
      if (this.options.dry_run) {
        return {
          detail: `DRY RUN (dry_run: true): nothing was run; would ${summary}:\n${this.show(prepared)}`,
          undo_token: token,
        };
      }
      const output = outputOf(await this.execute(prepared, ctx.signal));
      if (output.undo !== undefined) token.undo_data = output.undo;
      return { detail: `${summary}: exit 0\n${output.detail}`, undo_token: token };
    });
  }

  undo(step: PlanStep, receipt: ActionReceipt, ctx: QueryContext): Promise<Outcome<ActionReceipt>> {
    return this.run(`undo ${step.strategy} ${step.target}`, ctx, async () => {
      const token = issuedUndoToken(ScriptUndoTokenSchema, receipt, 'script');
      if (token.dry_run) {
        return {
          detail: `the ${token.strategy} was a dry run; nothing was run, nothing to undo`,
          undo_token: null,
        };
      }
      const { scripts, field } = this.scriptsFor(token.strategy);
      if (!scripts.reversible || !scripts.undo) {
        return {
          detail: `${token.strategy} is configured as needing no undo (reversible: false); nothing was run`,
          undo_token: null,
        };
      }
      const prepared = prepare(scripts.undo, token.variables, 'undo', `${field}.undo`, token.undo_data);
      if (this.options.dry_run) {
        return {
          detail: `DRY RUN (dry_run: true): nothing was run; the undo would run:\n${this.show(prepared)}`,
          undo_token: null,
        };
      }
      const output = outputOf(await this.execute(prepared, ctx.signal));
      return {
        detail: `undid ${token.strategy} of ${token.variables.target}: exit 0\n${output.detail}`,
        undo_token: null,
      };
    });
  }

  private scriptsFor(strategy: Strategy): { scripts: StrategyScripts; field: string } {
    const scripts = strategy === 'none' ? undefined : this.options.strategies[strategy];
    if (!scripts) {
      throw new ActuationRefused(`strategy ${strategy} is not configured (${KEY}.strategies.${strategy})`);
    }
    return { scripts, field: `${KEY}.strategies.${strategy}` };
  }

  /** Runs it; anything but exit 0 throws a ScriptFailure naming what happened. */
  private async execute(prepared: PreparedRun, signal: AbortSignal): Promise<ScriptResult> {
    const result = await runScript({
      command: prepared.command,
      args: prepared.args,
      env: { ...baseEnvironment(this.options), ...prepared.afrEnv },
      cwd: this.options.cwd,
      timeoutMs: this.options.timeout_ms,
      maxOutputBytes: this.options.max_output_bytes,
      signal,
    });
    const name = prepared.command;
    const stderr = tail(result.stderr);
    switch (result.stopped) {
      case 'timeout':
        throw new ScriptFailure(
          `${name} did not finish within ${this.options.timeout_ms} ms and was stopped; whether it changed anything is unknown`,
          false,
        );
      case 'output_cap':
        throw new ScriptFailure(
          `${name} wrote more than ${this.options.max_output_bytes} bytes of output and was stopped; whether it changed anything is unknown`,
          false,
        );
      case 'aborted':
        throw new ScriptFailure(`${name} was stopped: the caller deadline passed`, false);
    }
    if (result.exitCode !== 0) {
      const how =
        result.exitCode === null ? `was killed by ${result.killedBy}` : `exited with code ${result.exitCode}`;
      throw new ScriptFailure(`${name} ${how}${stderr ? `: ${stderr}` : ''}`, result.exitCode === TEMPFAIL);
    }
    return result;
  }

  /** The argument vector (as JSON, so every boundary shows) and the environment it adds. */
  private show(prepared: PreparedRun): string {
    const lines = [`exec ${JSON.stringify([prepared.command, ...prepared.args])}`];
    if (this.options.cwd) lines.push(`cwd ${this.options.cwd}`);
    for (const [name, value] of Object.entries(prepared.afrEnv))
      lines.push(`${name}=${JSON.stringify(value)}`);
    for (const name of Object.keys(this.options.env)) lines.push(`${name}=<configured>`);
    return lines.join('\n');
  }

  private run<T>(query: string, ctx: QueryContext, work: () => Promise<T>): Promise<Outcome<T>> {
    const source: SourceRef = { connector: this.id, query };
    return runActuation(
      {
        source,
        callerSignal: ctx.signal,
        failureOf: (error) =>
          error instanceof ScriptFailure
            ? failure(`script ${error.message}`, source, error.retryable)
            : undefined,
      },
      work,
    );
  }
}

class ScriptFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

function prepare(
  command: Command,
  vars: Variables,
  phase: Phase,
  field: string,
  undoData?: unknown,
): PreparedRun {
  return {
    command: command.command,
    args: command.args.map((arg, i) => render(arg, vars, ESCAPE.none, `${field}.args.${i}`)),
    afrEnv: afrEnvironment(phase, vars, undoData),
  };
}

function summaryOf(scripts: StrategyScripts, vars: Variables, prepared: PreparedRun, field: string): string {
  if (!scripts.summary) return `run ${prepared.command}`;
  return render(scripts.summary, vars, (v) => v.replace(/\p{Cc}+/gu, ' '), `${field}.summary`);
}

/** `{"detail", "undo"}` when the script printed that JSON object, else its output as the detail. */
function outputOf(result: ScriptResult): { detail: string; undo?: unknown } {
  const printed = parseJson(result.stdout) as { detail?: unknown; undo?: unknown } | undefined;
  if (
    printed &&
    typeof printed === 'object' &&
    !Array.isArray(printed) &&
    typeof printed.detail === 'string'
  ) {
    return { detail: printed.detail, ...(printed.undo !== undefined ? { undo: printed.undo } : {}) };
  }
  return { detail: tail(result.stdout, 2000) || '(no output)' };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function tail(text: string, max = 500): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `…${trimmed.slice(-max)}` : trimmed;
}
