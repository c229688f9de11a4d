import { exportScenarioBundle, SCENARIO_NAMES, type ScenarioName } from '../../sim/index.js';
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
