import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clamp } from '../util/stats.js';

/** Which sources answered; a missing source lowers confidence. */
export interface Coverage {
  metrics: boolean;
  logs: boolean;
  changes: boolean;
  topology: boolean;
}

const COVERAGE_WEIGHTS: Record<keyof Coverage, number> = {
  metrics: 0.45,
  logs: 0.2,
  changes: 0.2,
  topology: 0.15,
};

export function coverageScore(coverage: Coverage): number {
  let total = 0;
  for (const key of Object.keys(COVERAGE_WEIGHTS) as (keyof Coverage)[]) {
    if (coverage[key]) total += COVERAGE_WEIGHTS[key];
  }
  return total;
}

/**
 * Raw confidence before calibration: the posterior of the top hypothesis, discounted for
 * missing data and for conclusions that only one agent supports.
 */
export function rawConfidence(topProbability: number, coverage: Coverage, agreeingAgents: number): number {
  const coverageFactor = 0.5 + 0.5 * coverageScore(coverage);
  const agreement = agreeingAgents >= 2 ? 1 : agreeingAgents === 1 ? 0.85 : 0.6;
  return clamp(topProbability * coverageFactor * agreement);
}

/** A monotone map from raw to calibrated confidence (isotonic regression output). */
export interface CalibrationMap {
  /** Breakpoints of raw confidence, ascending. */
  raw: number[];
  /** Calibrated value at each breakpoint; linear in between. */
  calibrated: number[];
  /** How it was built (command, seeds, sample count). */
  source?: string;
}

export const IDENTITY_CALIBRATION: CalibrationMap = { raw: [0, 1], calibrated: [0, 1], source: 'identity' };

export function calibrate(value: number, map: CalibrationMap): number {
  const { raw, calibrated } = map;
  // An invalid input must never become confidence.
  if (!Number.isFinite(value)) return 0;
  if (value <= raw[0]) return clamp(calibrated[0]);
  for (let i = 1; i < raw.length; i++) {
    if (value <= raw[i]) {
      const span = raw[i] - raw[i - 1];
      const t = span > 0 ? (value - raw[i - 1]) / span : 1;
      return clamp(calibrated[i - 1] + t * (calibrated[i] - calibrated[i - 1]));
    }
  }
  return clamp(calibrated[calibrated.length - 1]);
}

let shipped: CalibrationMap | undefined;

/** The calibration shipped with afr (calibration/confidence.json), or identity when absent. */
export function shippedCalibration(): CalibrationMap {
  if (shipped) return shipped;
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    join(here, '../../calibration/confidence.json'),
    join(here, '../../../calibration/confidence.json'),
  ]) {
    if (existsSync(candidate)) {
      const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as CalibrationMap;
      if (
        Array.isArray(parsed.raw) &&
        parsed.raw.length === parsed.calibrated?.length &&
        parsed.raw.length >= 2
      ) {
        shipped = parsed;
        return shipped;
      }
    }
  }
  shipped = IDENTITY_CALIBRATION;
  return shipped;
}
