/**
 * Replay: feeds past incidents, exported as bundles, through the learning pipeline in shadow
 * mode. Each bundle is investigated and planned with the lessons learned so far (nothing is
 * executed), stored as an incident, and — when `<bundle>.truth.json` lies beside it — its
 * ground truth is recorded in the audit log, where the learning model reads it like a
 * human's confirmation. A new installation so learns from its exported history. Bundles are
 * replayed in name order; one already replayed (its incident `replay-<folder>-<alert id>`
 * exists) is skipped.
 */
import { access, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CommanderAgent, type CommanderOptions } from '../agents/commander.js';
import {
  BUNDLE_FILES,
  bundlePorts,
  type GroundTruth,
  readBundle,
  readTruth,
  truthPathFor,
} from '../connectors/bundle/index.js';
import { ManualClock } from '../connectors/memory/clocks.js';
import { Alert, type Decision } from '../core/index.js';
import type { Store } from '../store/store.js';
import { GROUND_TRUTH_ACTION, type GroundTruthDetail, GroundTruthDetailSchema } from './corrections.js';
import type { Lessons } from './lessons.js';
import { learningFor, type StoreLearning } from './store-learning.js';

export interface ReplayOptions {
  store: Store;
  /** Thresholds and policy from the config; ports, clock and store come from each bundle. */
  commander?: CommanderOptions;
  /** Default: the store's shared learning model. */
  learning?: StoreLearning;
  onIncident?: (incident: ReplayedIncident) => void;
}

export interface ReplayedIncident {
  bundle: string;
  incident_id: string;
  /** Why it was not replayed (already replayed). */
  skipped?: string;
  truth: GroundTruth | null;
  decision: Decision | null;
  root_cause: { service: string; cause: string; confidence: number } | null;
  strategy: string | null;
  /** afr named the true root-cause service (for a false alarm: none); null without truth. */
  correct: boolean | null;
}

export interface ReplaySummary {
  bundles: number;
  replayed: number;
  skipped: number;
  with_truth: number;
  /** Of replayed bundles with truth, how many afr got right at rank 1 (with the lessons of the ones before). */
  correct: number;
  decisions: Record<string, number>;
  incidents: ReplayedIncident[];
  lessons: Lessons;
}

/** Bundle folders (holding a manifest.json) inside `dir`, in name order. */
export async function bundleFolders(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    if (!(await stat(path)).isDirectory()) continue;
    if (await exists(join(path, BUNDLE_FILES.manifest))) out.push(path);
  }
  return out;
}

export async function replayBundles(dir: string, options: ReplayOptions): Promise<ReplaySummary> {
  const learning = options.learning ?? learningFor(options.store);
  const folders = await bundleFolders(dir);
  const incidents: ReplayedIncident[] = [];
  for (const folder of folders) {
    const incident = await replayOne(folder, learning, options);
    incidents.push(incident);
    options.onIncident?.(incident);
  }
  const replayed = incidents.filter((i) => !i.skipped);
  const decisions: Record<string, number> = {};
  for (const i of replayed) if (i.decision) decisions[i.decision] = (decisions[i.decision] ?? 0) + 1;
  return {
    bundles: folders.length,
    replayed: replayed.length,
    skipped: incidents.length - replayed.length,
    with_truth: replayed.filter((i) => i.truth).length,
    correct: replayed.filter((i) => i.correct).length,
    decisions,
    incidents,
    lessons: await learning.lessons(),
  };
}

async function replayOne(
  folder: string,
  learning: StoreLearning,
  options: ReplayOptions,
): Promise<ReplayedIncident> {
  const { store } = options;
  const bundle = await readBundle(folder);
  const truthFile = truthPathFor(folder);
  const truth = (await exists(truthFile)) ? await readTruth(truthFile) : null;
  const alert = Alert.parse({ ...bundle.manifest.alert, source: 'bundle' });
  // Alert ids repeat across exports (and simulated worlds): the folder name tells them apart.
  const id = `replay-${basename(folder)}-${alert.id}`;
  const base = { bundle: basename(folder), incident_id: id, truth };
  if (await store.getIncident(id)) {
    return {
      ...base,
      skipped: 'already replayed',
      decision: null,
      root_cause: null,
      strategy: null,
      correct: null,
    };
  }
  const clock = new ManualClock(bundle.manifest.window.end);
  const report = await new CommanderAgent({
    ...options.commander,
    ports: bundlePorts(bundle),
    clock,
    store,
    learning,
    planOnly: true,
  }).handleAlert(alert, {
    incidentId: id,
    dataStart: bundle.manifest.window.start,
    dataEnd: bundle.manifest.window.end,
  });
  if (truth) {
    const detail: GroundTruthDetail = GroundTruthDetailSchema.parse({
      ...truth,
      source: basename(truthFile),
    });
    await store.appendAudit({
      incident_id: id,
      actor: 'replay',
      action: GROUND_TRUTH_ACTION,
      detail,
      at: clock.now(),
    });
  }
  await closeReplayed(store, id, basename(folder), clock.now());
  const rc = report.root_cause;
  return {
    ...base,
    decision: report.decision,
    root_cause: rc ? { service: rc.service, cause: rc.cause, confidence: rc.confidence } : null,
    strategy: report.remediation_plan?.strategy ?? null,
    correct: truth ? (rc?.service ?? null) === truth.service : null,
  };
}

/** A replayed incident is history: closed as resolved, its report in step. */
async function closeReplayed(store: Store, id: string, bundle: string, at: number): Promise<void> {
  const incident = await store.getIncident(id);
  if (incident?.state !== 'decided') return;
  const reason = `replayed in shadow mode from bundle ${bundle}: nothing executed`;
  await store.transitionIncident(id, 'decided', 'resolved', reason, at);
  await store.appendAudit({ incident_id: id, actor: 'replay', action: 'replayed', detail: { bundle }, at });
  const report = await store.getReport(id);
  if (!report) return;
  report.state = 'resolved';
  report.state_history = await store.getStateHistory(id);
  await store.saveReport(report);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
