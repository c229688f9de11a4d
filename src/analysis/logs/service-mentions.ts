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

/** True when `name` occurs in `clause` as a whole name (not inside `checkout-v2-cache`). */
function mentions(clause: string, name: string): number {
  const pattern = new RegExp(escapeRegExp(name), 'gi');
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
  const found = new Map<string, number>();
  const clauses = message.split(CLAUSE_SPLIT);
  for (let index = 0; index < clauses.length; index++) {
    const clause = clauses[index];
    if (FAILURE_CONTEXT.test(clause)) {
      for (const service of services) {
        if (!service || found.has(service)) continue;
        const at = mentions(clause, service);
        if (at >= 0) found.set(service, index * 1_000_000 + at);
      }
    }
  }
  return [...found.entries()].sort((a, b) => a[1] - b[1]).map(([service]) => service);
}
