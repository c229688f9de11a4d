/**
 * What every strategy prepares before anything is sent: the single patch that carries it
 * out, a one-line summary, the fields it touches (their current values are what the undo
 * restores) and whether it can be reversed.
 */
import type { Strategy } from '../../core/vocabulary.js';
import type { JsonObject } from './json-diff.js';
import type { CallScope, ObjectRef, PatchRequest } from './kube-resources.js';
import { type FieldPath, pick } from './object-fields.js';

export interface PreparedChange {
  strategy: Strategy;
  summary: string;
  request: PatchRequest;
  /** The fields the patch changes; a preview diffs these before and after. */
  fields: readonly FieldPath[];
  /** The fields an undo puts back (a subset of `fields`; empty when nothing can be undone). */
  restorable: readonly FieldPath[];
  /** `pick(object now, fields)`: the preview's "before". */
  before: JsonObject;
  /** `pick(object now, restorable)`: what the undo restores. */
  restore: JsonObject;
  /** False when the change cannot be reversed (a restart replaces pods). */
  reversible: boolean;
  /** Caveats a human should read with the preview. */
  notes: string[];
  /**
   * Work that follows the patch, with the same dry-run flag (a drain's evictions after the
   * cordon); it reports in lines for the preview or receipt and never throws past the patch.
   */
  followUp?: (dryRun: boolean, scope: CallScope) => Promise<string[]>;
}

export function prepared(
  base: Omit<PreparedChange, 'before' | 'restore'>,
  current: JsonObject,
): PreparedChange {
  return { ...base, before: pick(current, base.fields), restore: pick(current, base.restorable) };
}

export function refOf(request: PatchRequest): ObjectRef {
  return { kind: request.kind, namespace: request.namespace, name: request.name };
}

/** `metadata.resourceVersion` in a patch body makes the write conditional: 409 if it moved. */
export function withPrecondition(body: JsonObject, current: JsonObject): JsonObject {
  const resourceVersion = (current.metadata as JsonObject | undefined)?.resourceVersion;
  if (typeof resourceVersion !== 'string') return body;
  const metadata = { ...((body.metadata as JsonObject | undefined) ?? {}), resourceVersion };
  return { ...body, metadata };
}
