import { type CalibrationMap, calibrate } from '../reasoning/confidence.js';

export interface ActFloorOptions {
  /** Correct claims needed at or above the floor (default 200: a 95% upper bound of ~1.5% on the error rate). */
  minSupport?: number;
}

/**
 * The lowest raw score from which every training claim was right, with at least
 * `minSupport` claims at or above it; null when there is no such score. Autonomous action
 * is only allowed from here up: an isotonic block that pools a few wrong claims with many
 * right ones is calibrated on average, but acting on it would act on those wrong claims.
 */
export function actFloor(
  samples: readonly { score: number; correct: boolean }[],
  options: ActFloorOptions = {},
): number | null {
  const minSupport = options.minSupport ?? 200;
  const sorted = samples.filter((s) => Number.isFinite(s.score)).sort((a, b) => a.score - b.score);
  let lastWrong = -1;
  for (let i = 0; i < sorted.length; i++) if (!sorted[i].correct) lastWrong = i;
  const above = sorted.length - lastWrong - 1;
  if (above < minSupport) return null;
  if (lastWrong < 0) return sorted[0]?.score ?? null;
  // Halfway between the highest wrong claim and the next right one.
  return (sorted[lastWrong].score + sorted[lastWrong + 1].score) / 2;
}

/**
 * The map with every raw score below `floor` capped at `cap` (the autonomous-action
 * threshold: "act above 0.80" never fires below the floor; a human approves instead).
 * Scores from the floor up keep their calibrated value. Stays monotone.
 */
export function capBelowFloor(map: CalibrationMap, floor: number, cap: number): CalibrationMap {
  const atFloor = calibrate(floor, map);
  const raw: number[] = [];
  const calibrated: number[] = [];
  for (let i = 0; i < map.raw.length; i++) {
    if (map.raw[i] >= floor) break;
    raw.push(map.raw[i]);
    calibrated.push(Math.min(map.calibrated[i], cap));
  }
  const below = Math.min(atFloor, cap);
  const justBelow = floor - 1e-6;
  if (justBelow > (raw[raw.length - 1] ?? -1)) {
    raw.push(justBelow);
    calibrated.push(Math.max(calibrated[calibrated.length - 1] ?? 0, below));
  }
  raw.push(floor);
  calibrated.push(Math.max(calibrated[calibrated.length - 1], atFloor));
  for (let i = 0; i < map.raw.length; i++) {
    if (map.raw[i] <= floor) continue;
    raw.push(map.raw[i]);
    calibrated.push(Math.max(calibrated[calibrated.length - 1], map.calibrated[i]));
  }
  return { ...map, raw, calibrated };
}
