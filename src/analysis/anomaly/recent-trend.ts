/**
 * Which part of a series describes its trend *now*: a recent window, shortened to the segment
 * after the last clear bend when the series changed slope inside that window (a volume that
 * was flat for an hour and has been filling for three minutes must be projected at the
 * three-minute slope, not a blend).
 */

/** The recent window is at least this long... */
const MIN_WINDOW_S = 600;
/** ...and at least this share of the series' span. */
const WINDOW_FRACTION = 0.2;
/** Fewest points a trend is estimated from (window or post-bend segment). */
export const MIN_SEGMENT_POINTS = 5;
/**
 * A bend must improve a straight-line fit this much (F statistic of the extra slope term).
 * Conservative because the knot position is searched; a missed bend only widens the window.
 */
const MIN_BEND_F = 16;

export interface Bend {
  /** Index of the knot: the first sample of the new slope. */
  index: number;
  /** Slope before and after the knot, per second. */
  slope_before: number;
  slope_after: number;
}

/**
 * First index of the segment to estimate the current trend from: the last
 * max(10 minutes, 20% of the span), or the segment after a clear bend inside that window.
 * Always leaves at least MIN_SEGMENT_POINTS points (or all of them when there are fewer).
 * Times must be strictly increasing.
 */
export function recentSegmentStart(times: Float64Array, values: Float64Array): number {
  const n = times.length;
  if (n <= MIN_SEGMENT_POINTS) return 0;
  const end = times[n - 1];
  const window = Math.max(MIN_WINDOW_S, WINDOW_FRACTION * (end - times[0]));
  let start = n - MIN_SEGMENT_POINTS;
  while (start > 0 && times[start - 1] >= end - window) start--;
  const bend = lastBend(times, values);
  return bend && bend.index > start ? bend.index : start;
}

/** A series bends only a few times in an incident window; this bounds the work. */
const MAX_BENDS = 6;

/**
 * The last clear bend of the series, null when it is one straight line as far as the data
 * can tell. Bends are found by binary segmentation; the last one is then re-fitted between
 * its predecessor and the end, because the best single knot over three regimes (flat, fill,
 * flat again) is a compromise that the re-fit moves to the real last bend or drops.
 * O(n) per bend.
 */
export function lastBend(times: Float64Array, values: Float64Array): Bend | null {
  const knots: number[] = [];
  const split = (from: number, to: number) => {
    if (knots.length >= MAX_BENDS) return;
    const bend = bestBend(times.subarray(from, to), values.subarray(from, to));
    if (!bend) return;
    const knot = from + bend.index;
    knots.push(knot);
    // The knot sample belongs to both lines of a continuous fit.
    split(from, knot + 1);
    split(knot, to);
  };
  split(0, times.length);
  knots.sort((a, b) => a - b);
  while (knots.length > 0) {
    knots.pop();
    const from = knots.length > 0 ? knots[knots.length - 1] : 0;
    const bend = bestBend(times.subarray(from), values.subarray(from));
    if (bend) return { ...bend, index: from + bend.index };
  }
  return null;
}

/**
 * Best continuous two-segment line y = a + b·t + c·max(0, t − τ) with the knot τ at a
 * sample time, when it explains the data clearly better than one straight line; null
 * otherwise. The knot leaves at least MIN_SEGMENT_POINTS points after it and 2 before.
 * O(n) via suffix sums.
 */
function bestBend(times: Float64Array, values: Float64Array): Bend | null {
  const n = times.length;
  if (n < MIN_SEGMENT_POINTS + 3) return null;
  const t0 = times[0];
  let sumT = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    sumT += times[i] - t0;
    sumY += values[i];
  }
  const meanT = sumT / n;
  const meanY = sumY / n;
  // Centred copies keep the sums of squares well conditioned for epoch times.
  const t = new Float64Array(n);
  const y = new Float64Array(n);
  let ctt = 0;
  let cty = 0;
  let cyy = 0;
  for (let i = 0; i < n; i++) {
    t[i] = times[i] - t0 - meanT;
    y[i] = values[i] - meanY;
    ctt += t[i] * t[i];
    cty += t[i] * y[i];
    cyy += y[i] * y[i];
  }
  if (!(ctt > 0)) return null;
  const lineSse = Math.max(0, cyy - (cty * cty) / ctt);

  let best: { index: number; sse: number; bt: number; bh: number } | null = null;
  // Suffix sums over i ≥ j of t, t², y and t·y (t and y centred, so Σt = Σy = 0 overall).
  let st = 0;
  let stt = 0;
  let sy = 0;
  let sty = 0;
  for (let j = n - 1; j >= 2; j--) {
    st += t[j];
    stt += t[j] * t[j];
    sy += y[j];
    sty += t[j] * y[j];
    const count = n - j;
    if (count < MIN_SEGMENT_POINTS) continue;
    const knot = t[j];
    const sh = st - knot * count;
    const chh = stt - 2 * knot * st + knot * knot * count - (sh * sh) / n;
    const cth = stt - knot * st;
    const chy = sty - knot * sy;
    const det = ctt * chh - cth * cth;
    if (!(det > 1e-12 * ctt * chh)) continue;
    const bt = (chh * cty - cth * chy) / det;
    const bh = (ctt * chy - cth * cty) / det;
    const sse = cyy - bt * cty - bh * chy;
    if (!best || sse < best.sse) best = { index: j, sse, bt, bh };
  }
  if (!best) return null;
  const sse = Math.max(0, best.sse);
  const gain = lineSse - sse;
  if (!(gain > 1e-12 * cyy)) return null;
  const f = sse > 0 ? gain / (sse / (n - 4)) : Number.POSITIVE_INFINITY;
  if (f < MIN_BEND_F) return null;
  return { index: best.index, slope_before: best.bt, slope_after: best.bt + best.bh };
}
