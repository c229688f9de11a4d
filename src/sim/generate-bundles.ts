/**
 * Writes a labelled corpus of incident bundles for evaluation: every scenario in turn, each
 * on its own random topology and seed. Folder names are neutral (`b0001`) and the order of
 * scenarios is shuffled per block, so neither a path nor a position gives the answer away;
 * the answer lives only in `<bundle>.truth.json` beside each folder.
 */
import { join } from 'node:path';
import { exportScenarioBundle } from './bundle-export.js';
import { Rng } from './random.js';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios/scenario-names.js';
import { MAX_RANDOM_SERVICES, MIN_RANDOM_SERVICES, randomTopology } from './topology/random-topology.js';

export interface GenerateBundlesOptions {
  /** How many bundles to write (>= 1). */
  count: number;
  /** Folder that receives `b0001/`, `b0001.truth.json`, ... (created if needed). */
  out: string;
  /** Base seed; each bundle's seed derives from it and the bundle's index (default 1). */
  seed?: number;
  /** Inclusive range of topology sizes (default [8, 60]). */
  services?: [number, number];
}

export interface GeneratedBundle {
  dir: string;
  truthPath: string;
  scenario: ScenarioName;
  /** Reproduces the bundle: `randomTopology(seed, { services })` and the world's seed. */
  seed: number;
  services: number;
}

/** A seed that raises no alert (or a topology a scenario cannot use) is replaced by the next. */
const ATTEMPTS = 5;

/**
 * Generates `count` bundles into `out`, cycling through all scenarios (false alarms are one
 * in eight, and every partial block holds one), each on a random topology.
 *
 * @throws Error naming the option when count, seed or services is invalid.
 * @example
 * const { bundles } = await generateBundles({ count: 16, out: 'corpus', seed: 42, services: [8, 30] });
 */
export async function generateBundles(
  options: GenerateBundlesOptions,
): Promise<{ bundles: GeneratedBundle[] }> {
  const { count, out } = options;
  const baseSeed = options.seed ?? 1;
  const [minServices, maxServices] = options.services ?? [MIN_RANDOM_SERVICES, MAX_RANDOM_SERVICES];
  validate(count, baseSeed, minServices, maxServices);
  const scenarios = scenarioSequence(count, baseSeed);
  const width = Math.max(4, String(count).length);
  const bundles: GeneratedBundle[] = [];
  for (let index = 0; index < count; index++) {
    const scenario = scenarios[index];
    const dir = join(out, `b${String(index + 1).padStart(width, '0')}`);
    bundles.push(await generateOne(dir, scenario, baseSeed, index, minServices, maxServices));
  }
  return { bundles };
}

async function generateOne(
  dir: string,
  scenario: ScenarioName,
  baseSeed: number,
  index: number,
  minServices: number,
  maxServices: number,
): Promise<GeneratedBundle> {
  let lastError: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const rng = Rng.derive(baseSeed, `bundle:${index}:${attempt}`);
    const seed = rng.int(1, 0x7fffffff);
    const services = rng.int(minServices, maxServices);
    try {
      const topology = randomTopology(seed, { services });
      const { truthPath } = await exportScenarioBundle({ scenario, seed, topology, out: dir });
      return { dir, truthPath, scenario, seed, services };
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(
    `generateBundles: bundle ${index + 1} (${dir}) failed after ${ATTEMPTS} seeds: ${String(lastError)}`,
  );
}

/**
 * All scenarios in blocks of eight, each block shuffled; a final partial block always
 * keeps the false alarm, so false alarms are never rarer than one in eight.
 */
export function scenarioSequence(count: number, baseSeed: number): ScenarioName[] {
  const rng = Rng.derive(baseSeed, 'scenario-order');
  const sequence: ScenarioName[] = [];
  while (sequence.length < count) {
    const block = [...SCENARIO_NAMES];
    for (let i = block.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [block[i], block[j]] = [block[j], block[i]];
    }
    const room = count - sequence.length;
    const falseAlarm = block.indexOf('false-alarm');
    if (room < block.length && falseAlarm >= room) {
      const slot = rng.int(0, room - 1);
      [block[slot], block[falseAlarm]] = [block[falseAlarm], block[slot]];
    }
    sequence.push(...block.slice(0, room));
  }
  return sequence;
}

function validate(count: number, seed: number, min: number, max: number): void {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`generateBundles: count must be an integer >= 1, got ${count}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`generateBundles: seed must be an integer, got ${seed}`);
  const inRange = (n: number) => Number.isInteger(n) && n >= MIN_RANDOM_SERVICES && n <= MAX_RANDOM_SERVICES;
  if (!inRange(min) || !inRange(max) || min > max) {
    throw new Error(
      `generateBundles: services must be [min, max] integers with ${MIN_RANDOM_SERVICES} <= min <= max <= ${MAX_RANDOM_SERVICES}, got [${min}, ${max}]`,
    );
  }
}
