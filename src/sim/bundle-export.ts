import { writeFile } from 'node:fs/promises';
import { truthPathFor } from '../connectors/bundle/truth.js';
import { writeBundle } from '../connectors/bundle/write-bundle.js';
import { type Alert, alertHeadline } from '../core/index.js';
import { createSimWorld, type SimOptions } from './world.js';

/** Minutes of telemetry before and after the alert that a bundle holds. */
const BEFORE_S = 60 * 60;
const AFTER_S = 5 * 60;

/**
 * Runs a scenario until its alert, then five more simulated minutes, and writes the
 * window [alert - 60 min, alert + 5 min] as a bundle at `out`, with `<out>.truth.json`
 * beside it.
 *
 * @example
 * const { dir, truthPath } = await exportScenarioBundle({ scenario: 'disk-full-database', seed: 7, out: 'bundles/disk-7' });
 */
export async function exportScenarioBundle(
  options: SimOptions & { out: string },
): Promise<{ dir: string; truthPath: string; alert: Alert }> {
  const { out, ...simOptions } = options;
  const world = createSimWorld(simOptions);
  const alert = world.runUntilAlert();
  if (!alert) throw new Error(`scenario ${options.scenario} (seed ${options.seed}) raised no alert`);
  world.advance(Math.max(0, alert.timestamp + AFTER_S - world.now()));
  const manifest = {
    format: 'afr-bundle/v1' as const,
    alert: alertHeadline(alert),
    window: { start: alert.timestamp - BEFORE_S, end: alert.timestamp + AFTER_S },
  };
  await writeBundle(out, { manifest, store: world.store });
  const truthPath = truthPathFor(out);
  await writeFile(truthPath, `${JSON.stringify(world.truth, null, 2)}\n`, 'utf8');
  return { dir: out, truthPath, alert };
}
