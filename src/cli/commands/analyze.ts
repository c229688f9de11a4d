import { CommanderAgent } from '../../agents/commander.js';
import { commanderOptionsFromConfig } from '../../agents/commander-config.js';
import { type AfrConfig, defaultConfig } from '../../config/index.js';
import { BundleError, bundlePorts, readBundle } from '../../connectors/bundle/index.js';
import { ManualClock } from '../../connectors/memory/clocks.js';
import { Alert } from '../../core/index.js';
import { toAnalysisOutput } from '../analysis-output.js';
import { InputError } from '../input-error.js';
import { renderReport } from '../render/render-report.js';

export interface AnalyzeOptions {
  json?: boolean;
}

/**
 * `afr analyze <bundle>`: the same Commander over bundle-backed ports. It plans but never
 * executes actions. JSON goes to stdout; diagnostics to stderr.
 */
export async function analyzeCommand(
  dir: string,
  options: AnalyzeOptions,
  out: NodeJS.WritableStream,
  config: AfrConfig = defaultConfig(),
): Promise<void> {
  let bundle: Awaited<ReturnType<typeof readBundle>>;
  try {
    bundle = await readBundle(dir);
  } catch (error) {
    if (error instanceof BundleError) throw new InputError(error.message);
    throw error;
  }
  const { manifest } = bundle;
  const alert = Alert.parse({ ...manifest.alert, source: 'bundle' });
  const commander = new CommanderAgent({
    ...commanderOptionsFromConfig(config),
    ports: bundlePorts(bundle),
    clock: new ManualClock(manifest.window.end),
    planOnly: true,
  });
  const report = await commander.handleAlert(alert, {
    dataStart: manifest.window.start,
    dataEnd: manifest.window.end,
  });
  if (options.json) out.write(`${JSON.stringify(toAnalysisOutput(report), null, 2)}\n`);
  else out.write(renderReport(report));
}
