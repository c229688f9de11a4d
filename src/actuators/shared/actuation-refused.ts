/**
 * The reasoned answers an actuator gives instead of acting, shared by every actuator.
 * `ActuationRefused` is a refusal with a reason (nothing to roll back to, already at the
 * maximum, an undo token it did not issue...), not an API failure.
 */
export class ActuationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActuationRefused';
  }
}

/**
 * The target is already in the state the step asks for (an explicit target already met):
 * `apply` answers with a no-op receipt (`undo_token: null`), so applying twice is harmless.
 */
export class AlreadyInPlace extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlreadyInPlace';
  }
}

/** For `.catch()`: an AlreadyInPlace becomes the no-op line `nothing to do: ...`; anything else rethrows. */
export function alreadyInPlace(error: unknown): string {
  if (error instanceof AlreadyInPlace) return `nothing to do: ${error.message}`;
  throw error;
}
