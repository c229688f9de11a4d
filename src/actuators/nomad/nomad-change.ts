/**
 * What every Nomad strategy prepares before anything is sent: the calls that carry it out
 * (in order), a one-line summary, the before → after lines a human approves, caveats, and
 * the undo token the receipt will carry (null when there is nothing to undo). No calls
 * means the job is already as the step wants it.
 */
import type { Strategy } from '../../core/vocabulary.js';
import type { ApiCall } from '../webhook/planned-request.js';
import type { NomadUndoToken } from './nomad-undo-token.js';

export type NomadTokenDraft = NomadUndoToken extends infer T
  ? T extends unknown
    ? Omit<T, 'dry_run'>
    : never
  : never;

export interface NomadChange {
  strategy: Strategy;
  summary: string;
  calls: ApiCall[];
  diff: string[];
  notes: string[];
  token: NomadTokenDraft | null;
}
