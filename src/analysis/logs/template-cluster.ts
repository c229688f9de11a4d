import { WILDCARD } from './mask-variables.js';
import type { TimeBuckets } from './time-buckets.js';

/** One learned template (a Drain "log cluster") and its statistics. */
export interface TemplateCluster {
  id: string;
  /** Creation order; the older of two merged clusters keeps its id. */
  serial: number;
  tokens: string[];
  template: string;
  count: number;
  first_seen: number | null;
  last_seen: number | null;
  /** Counts per time bucket (bucket start in epoch seconds), oldest first. */
  buckets: TimeBuckets;
  /** What `add` and `match` hand out while the template stays as it is (frozen, shared). */
  match: Readonly<{ id: string; template: string }>;
  /** Links of the miner's recency list, least recently used first; null at either end. */
  older: TemplateCluster | null;
  newer: TemplateCluster | null;
  /** Scratch of the leaf index: the lookup that last scored this cluster. */
  mark: number;
}

/** Sets the template text (and the shared match) from the cluster's tokens. */
export function refreshTemplate(cluster: TemplateCluster): void {
  cluster.template = cluster.tokens.join(' ');
  cluster.match = Object.freeze({ id: cluster.id, template: cluster.template });
}

/** A cluster's score for a message of the same length; higher is a better fit. */
export interface ClusterScore {
  similarity: number;
  wildcards: number;
  /** Positions that agree: `similarity` is `equal / length`. */
  equal: number;
}

/**
 * Share of positions where template and message agree. Two masked variables agree, and so
 * does a partly variable template token (`user=<*>`) with a token it fits; a bare template
 * wildcard facing a word does not add to the similarity (as in Drain), so a template that
 * has been generalized a lot cannot swallow unrelated messages.
 */
export function scoreCluster(template: readonly string[], tokens: readonly string[]): ClusterScore {
  return scoreClusterInto(template, tokens, { similarity: 0, wildcards: 0, equal: 0 });
}

/** `scoreCluster` writing into `out`, for hot loops that score many clusters. */
export function scoreClusterInto(
  template: readonly string[],
  tokens: readonly string[],
  out: ClusterScore,
): ClusterScore {
  const length = tokens.length;
  let equal = 0;
  let wildcards = 0;
  for (let i = 0; i < length; i++) {
    const expected = template[i];
    if (expected === tokens[i]) equal++;
    else if (expected === WILDCARD) wildcards++;
    else if (expected.includes(WILDCARD) && tokenFits(expected, tokens[i])) equal++;
  }
  out.similarity = length === 0 ? 1 : equal / length;
  out.wildcards = wildcards;
  out.equal = equal;
  return out;
}

/** True when `token` matches `pattern`, a token with `<*>` standing for any text. */
export function tokenFits(pattern: string, token: string): boolean {
  // The pattern is first <*> middle <*> ... <*> last; walks it without splitting it.
  const firstEnd = pattern.indexOf(WILDCARD);
  if (firstEnd < 0) return pattern === token;
  const lastStart = pattern.lastIndexOf(WILDCARD) + WILDCARD.length;
  const lastLength = pattern.length - lastStart;
  if (token.length < firstEnd + lastLength) return false;
  if (!sameChars(token, 0, pattern, 0, firstEnd)) return false;
  if (!sameChars(token, token.length - lastLength, pattern, lastStart, lastLength)) return false;
  let at = firstEnd;
  const end = token.length - lastLength;
  let from = firstEnd + WILDCARD.length;
  while (from < lastStart) {
    const next = pattern.indexOf(WILDCARD, from);
    const middle = pattern.slice(from, next);
    const found = token.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
    from = next + WILDCARD.length;
  }
  return true;
}

/** True when `a` from `aStart` and `b` from `bStart` hold the same `length` characters. */
function sameChars(a: string, aStart: number, b: string, bStart: number, length: number): boolean {
  for (let i = 0; i < length; i++) {
    if (a.charCodeAt(aStart + i) !== b.charCodeAt(bStart + i)) return false;
  }
  return true;
}

const WORD_CHAR = /[A-Za-z0-9]/;

/**
 * The most specific token covering both: the common prefix up to a punctuation mark, `<*>`,
 * and the common suffix from a punctuation mark (`database=orders` + `database=payments` ->
 * `database=<*>`); plain `<*>` when they share no such frame. Words are never cut.
 */
export function mergeTokens(a: string, b: string): string {
  if (a === b) return a;
  if (a.includes(WILDCARD) && tokenFits(a, b)) return a;
  const limit = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a[prefix] === b[prefix]) prefix++;
  while (prefix > 0 && WORD_CHAR.test(a[prefix - 1]) && prefix < a.length && WORD_CHAR.test(a[prefix]))
    prefix--;
  while (prefix > 0 && !isFrameEnd(a, prefix)) prefix--;
  let suffix = 0;
  while (suffix < limit - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  while (suffix > 0 && !isFrameStart(a, a.length - suffix)) suffix--;
  if (prefix === 0 && suffix === 0) return WILDCARD;
  const merged = a.slice(0, prefix) + WILDCARD + a.slice(a.length - suffix);
  return merged.replace(/(?:<\*>){2,}/g, WILDCARD);
}

/** A prefix may end only right after a punctuation mark (or a wildcard). */
function isFrameEnd(text: string, end: number): boolean {
  return !WORD_CHAR.test(text[end - 1]) && text[end - 1] !== '*';
}

/** A suffix may start only at a punctuation mark. */
function isFrameStart(text: string, start: number): boolean {
  return !WORD_CHAR.test(text[start]) && text[start] !== '<';
}

/** Generalizes every position where the message differs; true if anything changed. */
export function generalize(template: string[], tokens: readonly string[]): boolean {
  let changed = false;
  for (let i = 0; i < template.length; i++) {
    const current = template[i];
    if (current === tokens[i] || current === WILDCARD) continue;
    const merged = mergeTokens(current, tokens[i]);
    if (merged !== current) {
      template[i] = merged;
      changed = true;
    }
  }
  return changed;
}

/**
 * True when every message the `specific` template accepts also fits `general` (same
 * length, and `general` is a wildcard wherever they differ), and at least `minWordShare`
 * of `general`'s positions are still words, so an over-generic template cannot absorb all.
 */
export function subsumes(
  general: readonly string[],
  specific: readonly string[],
  minWordShare: number,
): boolean {
  if (general.length !== specific.length) return false;
  if (general.length === 0) return true;
  let words = 0;
  for (let i = 0; i < general.length; i++) {
    if (general[i] === WILDCARD) continue;
    if (general[i] !== specific[i]) return false;
    words++;
  }
  return words > 0 && words / general.length >= minWordShare;
}

/** Adds `count` lines at `timestamp` to a cluster's time statistics. */
export function recordTime(
  cluster: TemplateCluster,
  timestamp: number | undefined,
  bucketSeconds: number,
  count = 1,
): void {
  if (timestamp === undefined || !Number.isFinite(timestamp)) return;
  if (cluster.first_seen === null || timestamp < cluster.first_seen) cluster.first_seen = timestamp;
  if (cluster.last_seen === null || timestamp > cluster.last_seen) cluster.last_seen = timestamp;
  cluster.buckets.add(Math.floor(timestamp / bucketSeconds) * bucketSeconds, count);
}

/** Folds `from` into `into`: counts, time range and buckets. */
export function absorbStatistics(into: TemplateCluster, from: TemplateCluster): void {
  into.count += from.count;
  if (from.first_seen !== null && (into.first_seen === null || from.first_seen < into.first_seen)) {
    into.first_seen = from.first_seen;
  }
  if (from.last_seen !== null && (into.last_seen === null || from.last_seen > into.last_seen)) {
    into.last_seen = from.last_seen;
  }
  into.buckets.absorb(from.buckets);
}
