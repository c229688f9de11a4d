import { writeFile } from 'node:fs/promises';
import { SCENARIO_NAMES, type ScenarioName } from '../../sim/index.js';
import { exportOpenMetrics } from '../../sim/live/openmetrics-export.js';
import { startSimServer } from '../../sim/live/sim-server.js';
import { InputError } from '../input-error.js';
import { untilSignal } from '../until-signal.js';

export interface SimServeOptions {
  scenario: string;
  port?: string;
  host?: string;
  seed?: string;
  speed?: string;
  faultAfter?: string;
}

/** `afr sim serve`: the simulated cloud at wall-clock pace, scrapeable by Prometheus, until SIGINT/SIGTERM. */
export async function simServeCommand(
  options: SimServeOptions,
  err: NodeJS.WritableStream,
  stop: Promise<void> = untilSignal(),
): Promise<void> {
  const scenario = scenarioOf(options.scenario);
  const port = integer(options.port ?? '9464', '--port', 0, 65535);
  const seed = integer(options.seed ?? '1', '--seed');
  const speed = number(options.speed ?? '15', '--speed', 0.1, 300);
  const faultAfter = number(options.faultAfter ?? '30', '--fault-after', 0, 86400);
  const server = await startSimServer({
    scenario,
    seed,
    speed,
    faultAfterSeconds: faultAfter,
    port,
    host: options.host ?? '127.0.0.1',
  });
  const fault = server.sim.fault();
  err.write(
    `afr sim serve: ${scenario} (seed ${seed}) on ${server.url}/metrics, ${speed}x time; ` +
      `fault at ${new Date(fault.onset * 1000).toISOString()} (POST /fault/inject to start it now)\n`,
  );
  await stop;
  await server.close();
}

export interface SimOpenMetricsOptions {
  scenario: string;
  out: string;
  seed?: string;
  end?: string;
}

/** `afr sim export --format openmetrics`: quiet history for `promtool tsdb create-blocks-from openmetrics`. */
export async function simOpenMetricsCommand(
  options: SimOpenMetricsOptions,
  err: NodeJS.WritableStream,
): Promise<void> {
  const scenario = scenarioOf(options.scenario);
  const seed = integer(options.seed ?? '1', '--seed');
  const end = options.end === undefined || options.end === 'now' ? undefined : integer(options.end, '--end');
  const text = exportOpenMetrics({ scenario, seed, end });
  await writeFile(options.out, text);
  err.write(`wrote ${options.out} (${text.split('\n').length - 1} lines of OpenMetrics)\n`);
}

function scenarioOf(name: string): ScenarioName {
  if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
    throw new InputError(
      `--scenario: unknown scenario ${JSON.stringify(name)}; expected one of ${SCENARIO_NAMES.join(', ')}`,
    );
  }
  return name as ScenarioName;
}

function integer(
  value: string,
  flag: string,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InputError(`${flag}: expected an integer in [${min}, ${max}], got ${JSON.stringify(value)}`);
  return n;
}

function number(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new InputError(`${flag}: expected a number in [${min}, ${max}], got ${JSON.stringify(value)}`);
  return n;
}
