/**
 * Which known services a log message blames: names that appear in the same clause as a
 * failure word ("call to payment failed", "upstream inventory timed out", "payment
 * returned 503", "dial tcp payment:8080: connection refused").
 */

const FAILURE_CONTEXT =
  /fail|error|exception|refused|timed? ?out|timeout|deadline|unavailable|unreachable|unhealthy|reset by|denied|reject|abort|panic|cannot|could not|couldn't|unable|no healthy|not respond|broken|circuit|retry|retrying|\bdown\b|\bEOF\b|bad gateway|(?:returned|status|code|HTTP|got|responded(?: with)?)\W{0,3}(?:5\d\d|429)\b|\b(?:5\d\d|429) (?:Bad|Service|Gateway|Internal|Too)|no such host|ENOTFOUND|ECONN/i;

// Clause boundaries: a failure word only blames names in its own clause.
const CLAUSE_SPLIT = /;|\n|\.\s+|,\s+|\s+-\s+|\s+but\s+|\s+while\s+/i;

const NAME_CHAR = /[A-Za-z0-9_-]/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// One pattern per service name, compiled once: an investigation asks about the same few
// dozen names for every line. Bounded, so a stream of odd names cannot grow it forever.
const PATTERNS = new Map<string, RegExp>();
const MAX_PATTERNS = 10_000;

function patternFor(name: string): RegExp {
  let pattern = PATTERNS.get(name);
  if (pattern === undefined) {
    if (PATTERNS.size >= MAX_PATTERNS) PATTERNS.clear();
    pattern = new RegExp(escapeRegExp(name), 'gi');
    PATTERNS.set(name, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

/**
 * A list of service names, indexed for a quick pre-test. A name made of name characters
 * only (`payment-api`) can only be found as a whole run of name characters, and such a run
 * is ASCII, so it lower-cases exactly: a message names it only if one of its runs equals
 * the lower-case name. Other names (with dots, spaces or non-ASCII letters) are always tried.
 */
interface NameIndex {
  /** Lower-case simple name -> positions in the list. */
  simple: Map<string, number[]>;
  /** Positions of the other names. */
  other: number[];
}

const SIMPLE_NAME = /^[A-Za-z0-9_-]+$/;
const NAME_RUNS = /[A-Za-z0-9_-]+/g;
const INDEXES = new WeakMap<readonly string[], NameIndex>();

function indexOf(services: readonly string[]): NameIndex {
  let index = INDEXES.get(services);
  if (index === undefined) {
    index = { simple: new Map(), other: [] };
    for (let i = 0; i < services.length; i++) {
      const name = services[i];
      if (!name) continue;
      if (!SIMPLE_NAME.test(name)) {
        index.other.push(i);
        continue;
      }
      const lower = name.toLowerCase();
      const at = index.simple.get(lower);
      if (at) at.push(i);
      else index.simple.set(lower, [i]);
    }
    INDEXES.set(services, index);
  }
  return index;
}

/** The names of the list the message may mention, in list order. */
function candidateNames(message: string, services: readonly string[]): string[] {
  const index = indexOf(services);
  const positions = [...index.other];
  if (index.simple.size > 0) {
    for (const run of message.match(NAME_RUNS) ?? []) {
      const at = index.simple.get(run.toLowerCase());
      if (at) positions.push(...at);
    }
  }
  return [...new Set(positions)].sort((a, b) => a - b).map((i) => services[i]);
}

/** True when `name` occurs in `clause` as a whole name (not inside `checkout-v2-cache`). */
function mentions(clause: string, name: string): number {
  const pattern = patternFor(name);
  for (let match = pattern.exec(clause); match; match = pattern.exec(clause)) {
    const before = clause[match.index - 1] ?? ' ';
    const after = clause[match.index + name.length] ?? ' ';
    if (NAME_CHAR.test(before) || before === '.' || NAME_CHAR.test(after)) continue;
    return match.index;
  }
  return -1;
}

/**
 * Services from `services` named by a message in a failure context, in order of first
 * mention. Matching is case-insensitive and whole-name: a service is not found inside a
 * longer name (`checkout` in `checkout-v2-cache`), but is found in host forms such as
 * `payment:8080`, `payment.default.svc.cluster.local` or `http://payment/charge`.
 *
 * @example
 * findServiceMentions('call to payment failed: connection refused', ['payment', 'checkout']);
 * // ['payment']
 */
export function findServiceMentions(message: string, services: readonly string[]): string[] {
  if (typeof message !== 'string' || message === '' || services.length === 0) return [];
  if (!FAILURE_CONTEXT.test(message)) return [];
  const named = candidateNames(message, services);
  if (named.length === 0) return [];
  const found = new Map<string, number>();
  const clauses = message.split(CLAUSE_SPLIT);
  for (let index = 0; index < clauses.length; index++) {
    const clause = clauses[index];
    if (FAILURE_CONTEXT.test(clause)) {
      for (const service of named) {
        if (!service || found.has(service)) continue;
        const at = mentions(clause, service);
        if (at >= 0) found.set(service, index * 1_000_000 + at);
      }
    }
  }
  return [...found.entries()].sort((a, b) => a[1] - b[1]).map(([service]) => service);
}
