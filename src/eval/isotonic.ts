import type { CalibrationMap } from '../reasoning/confidence.js';

/**
 * Isotonic regression (pool adjacent violators) of outcomes (0/1) on scores: the best
 * non-decreasing step function in the least-squares sense. Returns a CalibrationMap whose
 * breakpoints are the block centres, interpolated linearly in between.
 */
export function fitIsotonic(
  samples: readonly { score: number; correct: boolean }[],
  source = '',
): CalibrationMap {
  const sorted = samples
    .filter((s) => Number.isFinite(s.score))
    .map((s) => ({ x: s.score, y: s.correct ? 1 : 0 }))
    .sort((a, b) => a.x - b.x);
  if (sorted.length < 2)
    return { raw: [0, 1], calibrated: [0, 1], source: `${source} (too few samples: identity)` };
  const blocks: { sumX: number; sumY: number; n: number }[] = [];
  for (const { x, y } of sorted) {
    blocks.push({ sumX: x, sumY: y, n: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const prev = blocks[blocks.length - 2];
      if (prev.sumY / prev.n <= last.sumY / last.n) break;
      prev.sumX += last.sumX;
      prev.sumY += last.sumY;
      prev.n += last.n;
      blocks.pop();
    }
  }
  const raw = [0];
  const calibrated = [blocks[0].sumY / blocks[0].n];
  for (const b of blocks) {
    const x = b.sumX / b.n;
    if (x <= raw[raw.length - 1]) {
      calibrated[calibrated.length - 1] = Math.max(calibrated[calibrated.length - 1], b.sumY / b.n);
      continue;
    }
    raw.push(x);
    calibrated.push(b.sumY / b.n);
  }
  if (raw[raw.length - 1] < 1) {
    raw.push(1);
    calibrated.push(calibrated[calibrated.length - 1]);
  }
  return { raw, calibrated, source };
}
