/**
 * Change-point estimators on standardised residuals. The alarm (CUSUM) says *that* the level
 * moved; the onset estimators say *where* it started: a maximum-likelihood step for level
 * shifts and a broken-stick (hinge) fit for slow ramps, whose onset is where the slope began.
 */
import { median } from './robust-stats.js';

/** +1 looks for upward deviations, -1 for downward ones. */
export type Sign = 1 | -1;

export interface CusumAlarm {
  /** Index where the CUSUM first crossed the threshold. */
  alarm: number;
  /** First index of the run of accumulation that led to the alarm. */
  start: number;
}

/**
 * One-sided CUSUM over `sign * z[from..]` with allowance `k` and threshold `h`. Each term is
 * capped at `cap` so a single outlier cannot raise the alarm alone (spikes are judged apart).
 */
export function cusumAlarm(
  z: Float64Array,
  from: number,
  sign: Sign,
  k: number,
  h: number,
  cap: number,
): CusumAlarm | null {
  let sum = 0;
  let start = from;
  for (let i = from; i < z.length; i++) {
    const term = Math.min(cap, sign * z[i]) - k;
    if (sum === 0 && term > 0) start = i;
    sum = Math.max(0, sum + term);
    if (sum >= h) return { alarm: i, start };
  }
  return null;
}

/**
 * Maximum-likelihood onset of a mean shift of `delta` (in z units, in direction `sign`) that
 * is known to have happened by index `latest`: the start of the suffix that maximises
 * Σ (sign·z − delta/2), i.e. one past the minimum of that prefix sum. Searches [earliest, latest].
 */
export function stepOnset(
  z: Float64Array,
  sign: Sign,
  delta: number,
  earliest: number,
  latest: number,
): number {
  const half = delta / 2;
  let prefix = 0;
  let best = 0;
  let bestIndex = earliest;
  for (let j = earliest; j < latest; j++) {
    prefix += sign * z[j] - half;
    // Ties go to the later index: the onset is the first point that is clearly shifted.
    if (prefix <= best) {
      best = prefix;
      bestIndex = j + 1;
    }
  }
  return bestIndex;
}

export interface Excursion {
  onset: number;
  /** Last index of the excursion (inclusive). */
  end: number;
  /** Estimated shift in z units, in the excursion's direction. */
  delta: number;
}

/**
 * Bounds of the excursion behind a CUSUM alarm: the likelihood-maximising start (searched
 * over the whole series up to the alarm) and end (from the alarm on), with the shift size
 * re-estimated from the points between them. Two passes settle it in practice. The shift is
 * never taken below `minDelta` (z units), the smallest change the caller cares about, so a
 * smaller creep before the real change does not pull the onset back.
 */
export function excursionBounds(z: Float64Array, sign: Sign, alarm: CusumAlarm, minDelta = 1): Excursion {
  let onset = alarm.start;
  let end = z.length - 1;
  let delta = minDelta;
  for (let pass = 0; pass < 2; pass++) {
    onset = Math.min(stepOnset(z, sign, delta, 0, alarm.alarm + 1), alarm.alarm);
    end = stepEnd(z, sign, delta, alarm.alarm);
    delta = Math.max(minDelta, sign * median(z, onset, end + 1));
  }
  return { onset, end, delta };
}

/** Last index of a shift of `delta` that is under way at `from`: the argmax of Σ (sign·z − delta/2). */
export function stepEnd(z: Float64Array, sign: Sign, delta: number, from: number): number {
  const half = delta / 2;
  let sum = 0;
  let best = Number.NEGATIVE_INFINITY;
  let bestIndex = from;
  for (let i = from; i < z.length; i++) {
    sum += sign * z[i] - half;
    if (sum > best) {
      best = sum;
      bestIndex = i;
    }
  }
  return bestIndex;
}

export interface HingeFit {
  /** Index of the first sample at or after the knot. */
  index: number;
  slope: number;
  sse: number;
}

/**
 * Broken-stick least squares y = a + b·max(0, t − τ) with the knot τ at a sample time in
 * [from, to]. O(n) via suffix sums. Only fits whose slope has the given sign are considered.
 */
export function hingeOnset(
  times: Float64Array,
  y: Float64Array,
  sign: Sign,
  from: number,
  to: number,
): HingeFit | null {
  const n = times.length;
  if (n < 3) return null;
  const t0 = times[0];
  let sy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sy += y[i];
    syy += y[i] * y[i];
  }
  const cyy = syy - (sy * sy) / n;
  // Suffix sums of t, t², t·y and y from index j to the end.
  let st = 0;
  let stt = 0;
  let sty = 0;
  let syTail = 0;
  let best: HingeFit | null = null;
  const last = Math.min(to, n - 2);
  for (let j = n - 1; j >= Math.max(0, from); j--) {
    const t = times[j] - t0;
    st += t;
    stt += t * t;
    sty += t * y[j];
    syTail += y[j];
    if (j > last) continue;
    const count = n - j;
    const knot = t;
    const sh = st - knot * count;
    const shh = stt - 2 * knot * st + knot * knot * count;
    const shy = sty - knot * syTail;
    const chh = shh - (sh * sh) / n;
    if (!(chh > 0)) continue;
    const chy = shy - (sh * sy) / n;
    const slope = chy / chh;
    if (slope * sign <= 0) continue;
    const sse = cyy - (chy * chy) / chh;
    if (!best || sse <= best.sse) best = { index: j, slope, sse };
  }
  return best;
}

/** Residual sum of squares of the best two-level step fit to y (O(n) with prefix sums). */
export function bestStepSse(y: Float64Array): number {
  const n = y.length;
  if (n < 2) return 0;
  let total = 0;
  let totalSq = 0;
  for (let i = 0; i < n; i++) {
    total += y[i];
    totalSq += y[i] * y[i];
  }
  let left = 0;
  let best = totalSq - (total * total) / n;
  for (let j = 1; j < n; j++) {
    left += y[j - 1];
    const right = total - left;
    const sse = totalSq - (left * left) / j - (right * right) / (n - j);
    if (sse < best) best = sse;
  }
  return Math.max(0, best);
}
