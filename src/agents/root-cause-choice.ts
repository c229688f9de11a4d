/**
 * A human's root cause: `SERVICE[:cause[:mechanism]]` on the command line, or the same
 * fields in the API. Missing parts come from afr's own hypotheses about that service (the
 * evidence it gathered), else from afr's conclusion, so that `checkout-db` alone means
 * "afr had the right cause on the wrong service".
 */
import {
  CAUSE_KINDS,
  type Cause,
  CauseSchema,
  type Hypothesis,
  MechanismSchema,
  type RootCause,
} from '../core/index.js';

export interface RootCauseChoice {
  service: string;
  cause?: Cause;
  mechanism?: string;
}

/** A service name as topologies spell it: letters, digits, `.`, `_`, `-` and `/`. */
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,252}$/;

/** Checks a choice; the message names the field that is wrong. */
export function checkRootCauseChoice(choice: RootCauseChoice): string | null {
  if (typeof choice.service !== 'string' || !SERVICE_NAME.test(choice.service))
    return `service: expected a service name (letters, digits, . _ - /), got ${JSON.stringify(choice.service)}`;
  if (choice.cause !== undefined && !CauseSchema.safeParse(choice.cause).success)
    return `cause: expected one of ${CAUSE_KINDS.join(', ')}, got ${JSON.stringify(choice.cause)}`;
  if (choice.mechanism !== undefined && !MechanismSchema.safeParse(choice.mechanism).success)
    return `mechanism: expected a snake_case word, got ${JSON.stringify(choice.mechanism)}`;
  return null;
}

/** Parses `SERVICE[:cause[:mechanism]]`; throws an Error naming the wrong part. */
export function parseRootCause(text: string): RootCauseChoice {
  const [service = '', cause, mechanism, ...rest] = text.trim().split(':');
  if (rest.length) throw new Error(`expected SERVICE[:cause[:mechanism]], got ${JSON.stringify(text)}`);
  const choice: RootCauseChoice = {
    service,
    ...(cause ? { cause: cause as Cause } : {}),
    ...(mechanism ? { mechanism } : {}),
  };
  const problem = checkRootCauseChoice(choice);
  if (problem) throw new Error(problem);
  return choice;
}

/**
 * The hypothesis the planner treats: the human's (service, cause, mechanism), with afr's
 * evidence about that service when it had a hypothesis for it. Certain (confidence 1): a
 * human asserted it.
 */
export function correctedHypothesis(
  choice: RootCauseChoice,
  hypotheses: readonly Hypothesis[],
  previous: Pick<RootCause, 'service' | 'cause' | 'mechanism'> | null,
  actor: string,
): Hypothesis {
  const onService = hypotheses.filter((h) => h.service === choice.service);
  const cause = choice.cause ?? onService[0]?.cause ?? previous?.cause ?? 'unknown';
  const same = onService.find((h) => h.cause === cause);
  const mechanism =
    choice.mechanism ??
    same?.mechanism ??
    onService[0]?.mechanism ??
    (previous?.cause === cause ? previous.mechanism : undefined) ??
    'error_spike';
  return {
    rank: 1,
    service: choice.service,
    cause,
    mechanism,
    probability: 1,
    confidence: 1,
    evidence: same?.evidence ?? onService[0]?.evidence ?? [],
    statement: `${cause.replace(/_/g, ' ')} on ${choice.service} (${mechanism.replace(/_/g, ' ')}), named by ${actor}`,
  };
}
