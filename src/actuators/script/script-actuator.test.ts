/**
 * The script actuator runs a real executable (this Node binary on a small recorder script
 * written to a temporary directory) and checks what arrived: the argument vector, the
 * AFR_* environment, the working directory. Hostile alert labels (shell separators, command
 * substitution, backticks, a `rm -rf` aimed at a file in the working directory) must arrive
 * verbatim as one argument or one environment value, and nothing of them may execute.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ctx, data, errorOf, HOSTILE as LABELS, step } from '../webhook/webhook-testing.js';
import { ScriptActuator } from './script-actuator.js';
import { type ScriptActuatorOptionsInput, ScriptActuatorOptionsSchema } from './script-actuator-options.js';

const RECORDER = `
import { appendFileSync, writeSync } from 'node:fs';
const [mode, ...rest] = process.argv.slice(2);
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k.startsWith('AFR_') || ['TOOL_TOKEN', 'AFR_TEST_PARENT_SECRET'].includes(k)),
);
appendFileSync(process.env.RECORD_FILE, JSON.stringify({ mode, args: rest, env, cwd: process.cwd() }) + '\\n');
if (mode === 'ok') console.log(JSON.stringify({ detail: 'scaled ' + process.env.AFR_SERVICE, undo: { previous: 3 } }));
if (mode === 'plain') console.log('done, nothing else to say');
if (mode === 'describe') console.log(JSON.stringify({ replicas: 3, version: 'v7' }));
if (mode === 'fail') { console.error('ansible: host unreachable'); process.exit(3); }
if (mode === 'tempfail') { console.error('locked, try later'); process.exit(75); }
if (mode === 'sleep') setTimeout(() => {}, 20000);
if (mode === 'flood') for (let i = 0; i < 200; i++) writeSync(1, 'x'.repeat(1024));
`;

/**
 * The hostile labels, with the `rm -rf` aimed at a file of the test's own directory instead of
 * `/`: if a regression ever ran them through a shell, the test fails without harming the machine.
 */
const HOSTILE = { ...LABELS, shell: '"; rm -rf victim #' };

let dir: string;
let recorder: string;
let records: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'afr-script-'));
  recorder = join(dir, 'recorder.mjs');
  records = join(dir, 'records.jsonl');
  writeFileSync(recorder, RECORDER);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recorded(): { mode: string; args: string[]; env: Record<string, string>; cwd: string }[] {
  if (!existsSync(records)) return [];
  return readFileSync(records, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

function actuator(patch: Partial<ScriptActuatorOptionsInput> = {}, args = ['ok']) {
  rmSync(records, { force: true });
  const command = (mode: string[]) => ({ command: process.execPath, args: [recorder, ...mode] });
  return new ScriptActuator(
    ScriptActuatorOptionsSchema.parse({
      dry_run: false,
      cwd: dir,
      env: { RECORD_FILE: records, TOOL_TOKEN: 'tool-secret' },
      strategies: {
        scale_up: { apply: command(args), undo: command(['ok', 'undo', '{{params.from_replicas}}']) },
        restart: { apply: command(args), reversible: false },
      },
      describe: command(['describe']),
      ...patch,
    }),
  );
}

describe('ScriptActuatorOptionsSchema', () => {
  it('defaults to dry_run, refuses a templated executable and a missing undo, naming the key', () => {
    const issues = (input: unknown) =>
      ScriptActuatorOptionsSchema.safeParse(input).error?.issues.map(
        (i) => `${i.path.join('.')}: ${i.message}`,
      );
    expect(
      ScriptActuatorOptionsSchema.parse({
        strategies: { restart: { apply: { command: 'x' }, reversible: false } },
      }),
    ).toMatchObject({ dry_run: true, timeout_ms: 60_000, max_output_bytes: 65_536, inherit_env: false });
    expect(issues({ strategies: { rollback: { apply: { command: '{{labels.tool}}' } } } })).toEqual([
      'strategies.rollback.apply.command: the executable cannot hold a {{placeholder}}',
      'strategies.rollback.undo: required unless reversible: false',
    ]);
    expect(
      issues({
        strategies: { restart: { apply: { command: 'x' }, reversible: false } },
        env: { 'A-B': 'x' },
      }),
    ).toEqual(['env.A-B: not an environment variable name']);
  });
});

describe('ScriptActuator', () => {
  it('passes hostile labels verbatim, one argument each, and executes none of them', async () => {
    mkdirSync(join(dir, 'victim'), { recursive: true });
    writeFileSync(join(dir, 'victim', 'keep.txt'), 'still here');
    const labels = {
      ...HOSTILE,
      victim: "'; rm -rf victim; echo '",
      pipe: 'x | touch pwned-pipe && touch pwned-and',
    };
    const args = [
      'ok',
      '{{labels.shell}}',
      '{{labels.victim}}',
      '{{labels.substitution}}',
      '{{labels.backticks}}',
    ];
    const script = actuator({}, [...args, '--note={{labels.json}} {{labels.pipe}}', '{{labels.mixed}}']);
    const receipt = data(await script.apply(step('scale_up', { labels, from_replicas: 3 }), ctx()));
    expect(receipt.detail).toBe('run ' + process.execPath + ': exit 0\nscaled checkout');

    const [run] = recorded();
    expect(run.args).toEqual([
      HOSTILE.shell,
      labels.victim,
      HOSTILE.substitution,
      HOSTILE.backticks,
      `--note=${HOSTILE.json} ${labels.pipe}`,
      HOSTILE.mixed,
    ]);
    expect(run.env.AFR_LABEL_SHELL).toBe(HOSTILE.shell);
    expect(run.env.AFR_LABEL_SUBSTITUTION).toBe(HOSTILE.substitution);
    expect(run.env.AFR_LABEL_BACKTICKS).toBe(HOSTILE.backticks);
    expect(JSON.parse(run.env.AFR_LABELS_JSON)).toEqual(labels);
    for (const marker of ['pwned', 'pwned-pipe', 'pwned-and'])
      expect(existsSync(join(dir, marker))).toBe(false);
    expect(readFileSync(join(dir, 'victim', 'keep.txt'), 'utf8')).toBe('still here');
  });

  it("passes the step as AFR_* variables, in the configured cwd, without afr's own environment", async () => {
    process.env.AFR_TEST_PARENT_SECRET = 'parent-secret';
    try {
      const script = actuator();
      await script.apply(
        step('scale_up', { from_replicas: 3, to_replicas: 5, progressive: { canary: 1 } }),
        ctx(),
      );
    } finally {
      delete process.env.AFR_TEST_PARENT_SECRET;
    }
    const [run] = recorded();
    expect(run.cwd).toBe(dir);
    expect(run.env).toEqual({
      AFR_PHASE: 'apply',
      AFR_SERVICE: 'checkout',
      AFR_TARGET: 'checkout',
      AFR_STRATEGY: 'scale_up',
      AFR_STEP_ID: 'inc-42-s2',
      AFR_INCIDENT_ID: 'inc-42',
      AFR_DESCRIPTION: 'scale_up checkout',
      AFR_PARAMS_JSON: '{"from_replicas":3,"to_replicas":5,"progressive":{"canary":1}}',
      AFR_PARAM_FROM_REPLICAS: '3',
      AFR_PARAM_TO_REPLICAS: '5',
      AFR_PARAM_PROGRESSIVE_CANARY: '1',
      AFR_LABELS_JSON: '{}',
      TOOL_TOKEN: 'tool-secret',
    });
  });

  it("undoes from the receipt alone, handing the apply script's undo data to the undo script", async () => {
    const script = actuator();
    const receipt = data(await script.apply(step('scale_up', { from_replicas: 3 }, 'payments'), ctx()));
    expect(receipt.undo_token).toMatchObject({
      actuator: 'script',
      dry_run: false,
      undo_data: { previous: 3 },
    });
    const undone = data(await script.undo(step('scale_up', {}, 'unrelated'), receipt, ctx()));
    expect(undone.detail).toBe('undid scale_up of payments: exit 0\nscaled payments');
    const [, undo] = recorded();
    expect(undo.args).toEqual(['undo', '3']);
    expect([undo.env.AFR_PHASE, undo.env.AFR_SERVICE, undo.env.AFR_UNDO_DATA]).toEqual([
      'undo',
      'payments',
      '{"previous":3}',
    ]);
    const restart = data(await script.apply(step('restart'), ctx()));
    expect(data(await script.undo(step('restart'), restart, ctx())).detail).toBe(
      'restart is configured as needing no undo (reversible: false); nothing was run',
    );
    expect(recorded()).toHaveLength(3);
  });

  it('in dry run (the default) runs nothing and shows the exact argument vector', async () => {
    const script = actuator({ dry_run: undefined }, ['ok', '{{labels.shell}}']);
    const receipt = data(await script.apply(step('scale_up', { labels: { shell: HOSTILE.shell } }), ctx()));
    const lines = receipt.detail.split('\n');
    expect(lines[0]).toBe(`DRY RUN (dry_run: true): nothing was run; would run ${process.execPath}:`);
    expect(JSON.parse(lines[1].slice('exec '.length))).toEqual([
      process.execPath,
      recorder,
      'ok',
      HOSTILE.shell,
    ]);
    expect(lines).toContain(`AFR_LABEL_SHELL=${JSON.stringify(HOSTILE.shell)}`);
    expect(lines).toContain('TOOL_TOKEN=<configured>');
    expect(receipt.detail).not.toContain('tool-secret');
    expect(data(await script.undo(step('scale_up'), receipt, ctx())).detail).toBe(
      'the scale_up was a dry run; nothing was run, nothing to undo',
    );
    expect((await script.plan(step('scale_up'), ctx())).kind).toBe('error'); // {{labels.shell}} missing
    expect(recorded()).toHaveLength(0);
  });

  it('turns exit codes into outcomes: stderr named, 75 retryable, plain output as the detail', async () => {
    expect(errorOf(await actuator({}, ['fail']).apply(step('restart'), ctx()))).toEqual({
      message: `script ${process.execPath} exited with code 3: ansible: host unreachable`,
      retryable: false,
    });
    expect(errorOf(await actuator({}, ['tempfail']).apply(step('restart'), ctx()))).toEqual({
      message: `script ${process.execPath} exited with code 75: locked, try later`,
      retryable: true,
    });
    const plain = data(await actuator({}, ['plain']).apply(step('restart'), ctx()));
    expect(plain.detail).toBe(`run ${process.execPath}: exit 0\ndone, nothing else to say`);
  });

  it('stops a script past its deadline or its output cap, and reports one that cannot start', async () => {
    const started = Date.now();
    const slow = errorOf(await actuator({ timeout_ms: 300 }, ['sleep']).apply(step('restart'), ctx()));
    expect(slow.message).toBe(
      `script ${process.execPath} did not finish within 300 ms and was stopped; whether it changed anything is unknown`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    const flood = errorOf(
      await actuator({ max_output_bytes: 4096 }, ['flood']).apply(step('restart'), ctx()),
    );
    expect(flood.message).toBe(
      `script ${process.execPath} wrote more than 4096 bytes of output and was stopped; whether it changed anything is unknown`,
    );
    const missing = new ScriptActuator(
      ScriptActuatorOptionsSchema.parse({
        dry_run: false,
        strategies: { restart: { apply: { command: join(dir, 'no-such-tool') }, reversible: false } },
      }),
    );
    expect(errorOf(await missing.apply(step('restart'), ctx())).message).toBe(
      `cannot run ${join(dir, 'no-such-tool')}: ENOENT`,
    );
  });

  it('refuses a NUL byte in a value, an unconfigured strategy, and a foreign undo token', async () => {
    const script = actuator({}, ['ok', '{{labels.x}}']);
    expect(errorOf(await script.apply(step('scale_up', { labels: { x: 'a\0b' } }), ctx())).message).toBe(
      'argument 3 holds a NUL byte; refused',
    );
    expect(errorOf(await script.apply(step('rollback'), ctx())).message).toBe(
      'strategy rollback is not configured (integrations.script_actuator.strategies.rollback)',
    );
    expect(
      errorOf(
        await script.undo(step('scale_up'), { detail: '', undo_token: { actuator: 'webhook' } }, ctx()),
      ),
    ).toEqual({
      message: 'undo_token is missing or was not issued by the script actuator',
      retryable: false,
    });
    expect(recorded()).toHaveLength(0);
  });

  it('describes a target from the JSON the describe script prints', async () => {
    expect(data(await actuator().describe('checkout', ctx()))).toEqual({ replicas: 3, version: 'v7' });
    const [run] = recorded();
    expect([run.mode, run.env.AFR_PHASE, run.env.AFR_SERVICE]).toEqual(['describe', 'describe', 'checkout']);
  });
});
