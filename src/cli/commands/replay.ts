import { commanderOptionsFromConfig } from '../../agents/commander-config.js';
import type { AfrConfig } from '../../config/index.js';
import { BundleError } from '../../connectors/bundle/index.js';
import { renderLearningSummary, summariseLessons } from '../../learning/learning-summary.js';
import { bundleFolders, type ReplaySummary, replayBundles } from '../../learning/replay.js';
import { storeFromConfig } from '../cli-config.js';
import { InputError } from '../input-error.js';

/**
 * `afr replay <dir> [--json]`: feeds past incidents (bundles) through the learning pipeline in
 * shadow mode — investigated and planned, never executed — into the configured store,
 * recording each `<bundle>.truth.json` as a confirmed outcome, and prints what was learned.
 */
export async function replayCommand(
  dir: string,
  options: { json?: boolean },
  config: AfrConfig,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<ReplaySummary> {
  let folders: string[];
  try {
    folders = await bundleFolders(dir);
  } catch (error) {
    throw new InputError(`${dir}: ${(error as Error).message}`);
  }
  if (folders.length === 0) throw new InputError(`${dir}: no bundle folder (with a manifest.json) inside`);
  const store = await storeFromConfig(config);
  try {
    const summary = await replayBundles(dir, {
      store,
      commander: commanderOptionsFromConfig(config),
      onIncident: (i) => {
        if (options.json) return;
        const what = i.skipped
          ? `skipped (${i.skipped})`
          : `${i.decision}: ${i.root_cause ? `${i.root_cause.cause} on ${i.root_cause.service}` : 'no root cause'}${
              i.correct === null ? '' : i.correct ? ', right' : `, truth ${i.truth?.service ?? 'none'}`
            }`;
        err.write(`afr replay: ${i.bundle} -> ${i.incident_id}: ${what}\n`);
      },
    }).catch((error: unknown) => {
      if (error instanceof BundleError) throw new InputError(error.message);
      throw error;
    });
    const learned = summariseLessons(summary.lessons);
    if (options.json) {
      const { lessons, ...rest } = summary;
      out.write(`${JSON.stringify({ ...rest, learned }, null, 2)}\n`);
    } else {
      out.write(
        [
          `replayed ${summary.replayed} of ${summary.bundles} bundles in shadow mode (nothing executed)${summary.skipped ? `, ${summary.skipped} already replayed` : ''}`,
          `ground truth recorded for ${summary.with_truth}; root cause right at rank 1 on ${summary.correct} of them`,
          `decisions: ${
            Object.entries(summary.decisions)
              .map(([d, n]) => `${d} ${n}`)
              .join(', ') || 'none'
          }`,
          '',
        ].join('\n'),
      );
      out.write(renderLearningSummary(learned));
    }
    return summary;
  } finally {
    await store.close();
  }
}
