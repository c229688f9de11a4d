/**
 * The end of an undo that comes down to at most one API call: no call (nothing left to
 * undo) answers with its summary; with `dry_run` the receipt shows the request it would
 * send; otherwise the call is sent and the receipt lists what `send` reports.
 */
import type { ActionReceipt } from '../../core/ports.js';
import type { ApiCall } from '../webhook/planned-request.js';

export interface OneCallUndo {
  summary: string;
  call?: ApiCall;
}

export async function finishOneCallUndo(
  undo: OneCallUndo,
  dryRun: boolean,
  show: (call: ApiCall) => string,
  send: (call: ApiCall, shown: string) => Promise<string[]>,
): Promise<ActionReceipt> {
  if (!undo.call) return { detail: undo.summary, undo_token: null };
  const request = show(undo.call);
  if (dryRun) {
    return {
      detail: `DRY RUN (dry_run: true): nothing was sent; would ${undo.summary}\n${request}`,
      undo_token: null,
    };
  }
  const lines = await send(undo.call, request);
  return { detail: [undo.summary, ...lines].join('\n'), undo_token: null };
}
