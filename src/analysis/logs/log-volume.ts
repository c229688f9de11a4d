/**
 * Bursts and silences of each service's log volume (lines of every level per minute)
 * against the service's own baseline in the window.
 *
 * The baseline of a service is the median and MAD of its per-minute counts before
 * `baselineEnd`. After it, a minute is part of a burst when its count is at least four
 * robust deviations above the median and at least twice it; part of a silence when the
 * service was expected to log at least a line a minute and logged at most a fifth of its
 * median. Consecutive minutes form a stretch; a stretch is scored with a Poisson tail
 * (surprise in nats, divided by the service's overdispersion, since log volume is burstier
 * than Poisson) and reported when that surprise is large.
 *
 * Minutes the data does not cover (before the first or after the last line of any service)
 * and minutes where the whole log stream dips (a collection gap, not a service) are left
 * out, so the end of the data is never taken for a silence.
 */
import type { LogLevel, LogRecord } from '../../core/telemetry.js';
import { median, medianAbsoluteDeviation } from '../anomaly/robust-stats.js';
import { truncateLine } from './truncate-line.js';

export interface LogVolumeOptions {
  window: { start: number; end: number };
  /** Minutes before this time are the baseline; anomalies are looked for after it. */
  baselineEnd: number;
  /** Bucket width in seconds (default 60). */
  bucketSeconds?: number;
  /** Fewest baseline buckets needed to judge a service (default 5). */
  minBaselineBuckets?: number;
  /** Example lines kept per anomaly (default 2) and their length (default 300). */
  maxExamples?: number;
  exampleChars?: number;
}

export interface LogVolumeAnomaly {
  service: string;
  direction: 'burst' | 'silence';
  /** The stretch of whole buckets: start of the first, end of the last. */
  start: number;
  end: number;
  /** Lines in the stretch, and the number the baseline predicts. */
  count: number;
  expected: number;
  /** Lines per minute in the stretch and in the baseline (median). */
  observed_rate: number;
  expected_rate: number;
  /** Poisson tail surprise of the stretch in nats, after overdispersion. */
  surprise: number;
  /** The stretch reaches the end of the data. */
  ongoing: boolean;
  /** Burst: lines from it (warnings and errors first). Silence: the last lines before it. */
  examples: string[];
}

const BURST_DEVIATIONS = 4;
const BURST_MIN_RATIO = 2;
const SILENCE_MAX_RATIO = 0.2;
/** A service expected to log less than this per bucket cannot be told silent. */
const SILENCE_MIN_EXPECTED = 1;
const MIN_BURST_SURPRISE = 10;
const MIN_SILENCE_SURPRISE = 8;
/** A bucket where all services together log less than this share of their median is a gap. */
const GAP_RATIO = 0.2;
/** A bucket counts when the data covers this share of it. */
const MIN_COVERAGE = 0.9;
const WARN_RANK = 3;
const RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

interface Stretch {
  from: number;
  to: number;
  observed: number;
  expected: number;
  surprise: number;
}

export function logVolumeAnomalies(
  records: readonly LogRecord[],
  options: LogVolumeOptions,
): LogVolumeAnomaly[] {
  const { start, end } = options.window;
  const width = options.bucketSeconds ?? 60;
  if (!(end > start) || !(width > 0) || records.length === 0) return [];
  const buckets = Math.ceil((end - start) / width);
  const perService = new Map<string, Float64Array>();
  const total = new Float64Array(buckets);
  let dataFirst = Number.POSITIVE_INFINITY;
  let dataLast = Number.NEGATIVE_INFINITY;
  for (const record of records) {
    const t = record.timestamp;
    if (!(t >= start && t <= end)) continue;
    const b = Math.min(buckets - 1, Math.floor((t - start) / width));
    let counts = perService.get(record.service);
    if (counts === undefined) {
      counts = new Float64Array(buckets);
      perService.set(record.service, counts);
    }
    counts[b]++;
    total[b]++;
    if (t < dataFirst) dataFirst = t;
    if (t > dataLast) dataLast = t;
  }
  if (perService.size === 0) return [];

  // Which buckets can be judged: covered by the data and not a collection gap.
  const usable = new Uint8Array(buckets);
  const baseline: number[] = [];
  const incident: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = start + b * width;
    const to = Math.min(end, from + width);
    const covered = Math.min(to, dataLast) - Math.max(from, dataFirst);
    if (covered < MIN_COVERAGE * (to - from)) continue;
    usable[b] = 1;
    if (to <= options.baselineEnd) baseline.push(b);
    else if (from >= options.baselineEnd) incident.push(b);
  }
  if (baseline.length < (options.minBaselineBuckets ?? 5) || incident.length === 0) return [];
  const totalMedian = median(baseline.map((b) => total[b]));
  for (const b of incident) if (total[b] < GAP_RATIO * totalMedian) usable[b] = 0;
  const lastUsable = incident.findLast((b) => usable[b] === 1) ?? -1;

  const found: LogVolumeAnomaly[] = [];
  for (const [service, counts] of perService) {
    const baselineCounts = baseline.map((b) => counts[b]);
    const expected = median(baselineCounts);
    const spread = Math.max(
      Math.sqrt(Math.max(expected, 1)),
      1.4826 * medianAbsoluteDeviation(baselineCounts, expected),
    );
    const overdispersion = Math.max(1, (spread * spread) / Math.max(expected, 1));
    const burst = strongest(incident, usable, (b) => isBurst(counts[b], expected, spread), counts, expected);
    const silence = strongest(incident, usable, (b) => isSilent(counts[b], expected), counts, expected);
    const perMinute = 60 / width;
    const report = (stretch: Stretch, direction: LogVolumeAnomaly['direction']) => {
      const minutes = ((stretch.to - stretch.from + 1) * width) / 60;
      found.push({
        service,
        direction,
        start: start + stretch.from * width,
        end: Math.min(end, start + (stretch.to + 1) * width),
        count: stretch.observed,
        expected: stretch.expected,
        observed_rate: stretch.observed / minutes,
        expected_rate: expected * perMinute,
        surprise: stretch.surprise / overdispersion,
        ongoing: stretch.to === lastUsable,
        examples: [],
      });
    };
    if (burst && upperSurprise(burst) / overdispersion >= MIN_BURST_SURPRISE) {
      burst.surprise = upperSurprise(burst);
      report(burst, 'burst');
    }
    if (silence && lowerSurprise(silence) / overdispersion >= MIN_SILENCE_SURPRISE) {
      silence.surprise = lowerSurprise(silence);
      report(silence, 'silence');
    }
  }
  if (found.length > 0) {
    addExamples(found, records, options.maxExamples ?? 2, options.exampleChars ?? 300);
  }
  return found.sort((a, b) => b.surprise - a.surprise || a.service.localeCompare(b.service));
}

function isBurst(count: number, expected: number, spread: number): boolean {
  return count >= expected + BURST_DEVIATIONS * spread && count >= BURST_MIN_RATIO * expected + 3;
}

function isSilent(count: number, expected: number): boolean {
  return expected >= SILENCE_MIN_EXPECTED && count <= SILENCE_MAX_RATIO * expected;
}

/** The run of consecutive usable flagged buckets with the most lines off the baseline. */
function strongest(
  incident: readonly number[],
  usable: Uint8Array,
  flagged: (bucket: number) => boolean,
  counts: Float64Array,
  expected: number,
): Stretch | null {
  let best: Stretch | null = null;
  let run: Stretch | null = null;
  const close = () => {
    if (run && (!best || Math.abs(run.observed - run.expected) > Math.abs(best.observed - best.expected)))
      best = run;
    run = null;
  };
  for (const b of incident) {
    if (!usable[b] || !flagged(b)) {
      close();
      continue;
    }
    if (run && run.to === b - 1) {
      run.to = b;
      run.observed += counts[b];
      run.expected += expected;
    } else {
      close();
      run = { from: b, to: b, observed: counts[b], expected, surprise: 0 };
    }
  }
  close();
  return best;
}

/** Poisson upper-tail surprise (Chernoff bound, nats) of `observed` over `expected`. */
function upperSurprise({ observed, expected }: Stretch): number {
  const lambda = Math.max(expected, 0.5);
  if (observed <= lambda) return 0;
  return observed * Math.log(observed / lambda) - (observed - lambda);
}

/** Poisson lower-tail surprise (Chernoff bound, nats) of `observed` under `expected`. */
function lowerSurprise({ observed, expected }: Stretch): number {
  if (observed >= expected) return 0;
  if (observed === 0) return expected;
  return expected - observed + observed * Math.log(observed / expected);
}

/** Fills the examples: lines of a burst (warnings first), the last lines before a silence. */
function addExamples(
  anomalies: LogVolumeAnomaly[],
  records: readonly LogRecord[],
  max: number,
  chars: number,
): void {
  const byService = new Map<string, LogVolumeAnomaly[]>();
  for (const a of anomalies) byService.set(a.service, [...(byService.get(a.service) ?? []), a]);
  const plain = new Map<LogVolumeAnomaly, string[]>();
  const before = new Map<LogVolumeAnomaly, LogRecord[]>();
  for (const record of records) {
    const list = byService.get(record.service);
    if (!list) continue;
    for (const a of list) {
      const t = record.timestamp;
      if (a.direction === 'silence') {
        if (t < a.start) keepLatest(before, a, record, max);
      } else if (t >= a.start && t < a.end) {
        const line = truncateLine(record.message, chars);
        if ((RANK[record.level] ?? 0) >= WARN_RANK) {
          if (a.examples.length < max) a.examples.push(line);
        } else {
          const kept = plain.get(a) ?? [];
          if (kept.length < max) kept.push(line);
          plain.set(a, kept);
        }
      }
    }
  }
  for (const a of anomalies) {
    if (a.direction === 'silence') {
      const last = (before.get(a) ?? []).sort((x, y) => x.timestamp - y.timestamp);
      a.examples = last.map((r) => truncateLine(r.message, chars));
    } else {
      for (const line of plain.get(a) ?? []) if (a.examples.length < max) a.examples.push(line);
    }
  }
}

/** Keeps the `max` latest records seen for `key` (input need not be in time order). */
function keepLatest<K>(kept: Map<K, LogRecord[]>, key: K, record: LogRecord, max: number): void {
  let list = kept.get(key);
  if (list === undefined) {
    list = [];
    kept.set(key, list);
  }
  if (list.length < max) {
    list.push(record);
    return;
  }
  let oldest = 0;
  for (let i = 1; i < list.length; i++) if (list[i].timestamp < list[oldest].timestamp) oldest = i;
  if (record.timestamp >= list[oldest].timestamp) list[oldest] = record;
}
