import type { CalibrationMap } from '../reasoning/confidence.js';

/**
 * Isotonic regression (pool adjacent violators) of outcomes (0/1) on scores: the best
 * non-decreasing step function in the least-squares sense. Returns a CalibrationMap that is
 * flat across each block's scores and linear only in the gaps between blocks.
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
  const blocks: { minX: number; maxX: number; sumY: number; n: number }[] = [];
  for (const { x, y } of sorted) {
    blocks.push({ minX: x, maxX: x, sumY: y, n: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const prev = blocks[blocks.length - 2];
      // Merge ties too: equal neighbours are one block, which the smoothing below needs.
      if (prev.sumY / prev.n < last.sumY / last.n && prev.maxX < last.minX) break;
      prev.maxX = last.maxX;
      prev.sumY += last.sumY;
      prev.n += last.n;
      blocks.pop();
    }
  }
  // Each block's frequency is smoothed towards 1/2 by one pseudo-observation of each kind,
  // so a small block never claims certainty.
  const mean = (b: { sumY: number; n: number }) => (b.sumY + 1) / (b.n + 2);
  const raw = [0];
  const calibrated = [mean(blocks[0])];
  for (const b of blocks) {
    const value = Math.max(calibrated[calibrated.length - 1], mean(b));
    // A step per block: flat across the scores it holds, linear only in the gaps between.
    for (const x of b.minX === b.maxX ? [b.minX] : [b.minX, b.maxX]) {
      if (x <= raw[raw.length - 1]) {
        calibrated[calibrated.length - 1] = Math.max(calibrated[calibrated.length - 1], value);
        continue;
      }
      raw.push(x);
      calibrated.push(value);
    }
  }
  if (raw[raw.length - 1] < 1) {
    raw.push(1);
    calibrated.push(calibrated[calibrated.length - 1]);
  }
  return { raw, calibrated, source };
}
