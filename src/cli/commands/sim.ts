import { exportScenarioBundle, generateBundles, SCENARIO_NAMES, type ScenarioName } from '../../sim/index.js';
import { InputError } from '../input-error.js';

export interface SimExportOptions {
  scenario: string;
  out: string;
  seed?: string;
}

/** `afr sim export`: writes a scenario's incident bundle and `<DIR>.truth.json` beside it. */
export async function simExportCommand(options: SimExportOptions, err: NodeJS.WritableStream): Promise<void> {
  if (!(SCENARIO_NAMES as readonly string[]).includes(options.scenario)) {
    throw new InputError(
      `--scenario: unknown scenario ${JSON.stringify(options.scenario)}; expected one of ${SCENARIO_NAMES.join(', ')}`,
    );
  }
  const seed = options.seed === undefined ? 1 : Number(options.seed);
  if (!Number.isInteger(seed))
    throw new InputError(`--seed: expected an integer, got ${JSON.stringify(options.seed)}`);
  const result = await exportScenarioBundle({
    scenario: options.scenario as ScenarioName,
    seed,
    out: options.out,
  });
  err.write(
    `wrote ${result.dir} and ${result.truthPath} (alert ${result.alert.id} on ${result.alert.service})\n`,
  );
}

export interface SimGenerateOptions {
  count: string;
  out: string;
  seed?: string;
  services?: string;
}

/** `afr sim generate`: labelled bundles on random topologies, for evaluation and calibration. */
export async function simGenerateCommand(
  options: SimGenerateOptions,
  err: NodeJS.WritableStream,
): Promise<void> {
  const count = Number(options.count);
  if (!Number.isInteger(count) || count < 1) {
    throw new InputError(`--count: expected a positive integer, got ${JSON.stringify(options.count)}`);
  }
  const seed = options.seed === undefined ? 1 : Number(options.seed);
  if (!Number.isInteger(seed))
    throw new InputError(`--seed: expected an integer, got ${JSON.stringify(options.seed)}`);
  let services: [number, number] | undefined;
  if (options.services !== undefined) {
    const match = /^(\d+)-(\d+)$/.exec(options.services);
    if (!match) throw new InputError(`--services: expected MIN-MAX, got ${JSON.stringify(options.services)}`);
    services = [Number(match[1]), Number(match[2])];
  }
  try {
    const { bundles } = await generateBundles({ count, out: options.out, seed, services });
    err.write(`wrote ${bundles.length} labelled bundles to ${options.out}\n`);
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
}
