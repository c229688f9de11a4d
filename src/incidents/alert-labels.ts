/**
 * How the incident manager reads an intake alert: its labels as matchers and group_by see
 * them (the raw labels, with `service` and `severity` set to afr's resolved values), its
 * fingerprint (the sender's, else a hash of its labels and service) and its group key.
 */
import { createHash } from 'node:crypto';
import type { Alert } from '../core/alert.js';
import { GROUP_BY_ALL } from './rules-schema.js';

export type Labels = Readonly<Record<string, string>>;

const labelCache = new WeakMap<Alert, Labels>();

/** Cached per alert object (alerts are not mutated once received). */
export function effectiveLabels(alert: Alert): Labels {
  let labels = labelCache.get(alert);
  if (!labels) {
    // A plain copy loop: object spread is several times slower here, and storms call this a lot.
    const copy: Record<string, string> = {};
    for (const name in alert.labels) copy[name] = alert.labels[name];
    copy.service = alert.service;
    copy.severity = alert.severity;
    labels = copy;
    labelCache.set(alert, labels);
  }
  return labels;
}

export function fingerprintOf(alert: Alert): string {
  if (alert.fingerprint) return alert.fingerprint;
  return `labels-${shortHash(JSON.stringify([alert.service, sortedPairs(alert.labels)]))}`;
}

/** The Alertmanager-style group key: the group_by labels and their values (missing = empty). */
export function groupKeyOf(labels: Labels, groupBy: readonly string[]): string {
  if (groupBy.includes(GROUP_BY_ALL)) return JSON.stringify(sortedPairs(labels));
  const names = [...new Set(groupBy)].sort();
  return JSON.stringify(names.map((name) => [name, labels[name] ?? '']));
}

/** Values of `names` joined into one comparable key (inhibition's `equal`). */
export function equalKeyOf(labels: Labels, names: readonly string[]): string {
  return JSON.stringify(names.map((name) => labels[name] ?? ''));
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function sortedPairs(labels: Labels): Array<[string, string]> {
  return Object.keys(labels)
    .sort()
    .map((name) => [name, labels[name]]);
}
