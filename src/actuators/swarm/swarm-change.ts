/**
 * What every Swarm strategy prepares before anything is sent: the single service update
 * that carries it out (null when the service is already as the step wants it), a one-line
 * summary, the changed fields before → after, caveats, and the undo token draft.
 */
import type { Strategy } from '../../core/vocabulary.js';
import type { ApiCall } from '../webhook/planned-request.js';
import type { SwarmTokenDraft } from './swarm-undo-token.js';

export interface SwarmChange {
  strategy: Strategy;
  summary: string;
  call: ApiCall | null;
  diff: string[];
  notes: string[];
  token: SwarmTokenDraft | null;
}
