/**
 * A cluster is one incident in the making: the alerts grouped by key and joined by topology
 * correlation. It is `pending` during group_wait, `open` once announced, `resolving` after
 * all its alerts resolved (a re-fire reopens it), then `closed` until evicted. This file
 * holds its shape, its JSON form, merging, and the summary an `open` decision carries.
 */
import { priorityOf, SEVERITY_LEVELS, type Severity } from '../core/severity.js';
import type { IntakeAlert } from '../store/coordination/coordination.js';
import { shortHash } from './alert-labels.js';

export type ClusterState = 'pending' | 'open' | 'resolving' | 'closed';

export interface Cluster {
  id: string;
  state: ClusterState;
  incident_id?: string;
  /** When a pending cluster opens (earliest received_at + group_wait, or at once). */
  open_at: number;
  /** Pending: every alert grouped so far. Open: alerts queued for the next `attach`. */
  members: IntakeAlert[];
  group_keys: Set<string>;
  /** Per service: earliest and latest start time of its alerts, for correlation windows. */
  spans: Map<string, [number, number]>;
  /** Fingerprints of the cluster's alerts that are firing now. */
  firing: Set<string>;
  first_alert_at: number;
  last_flush_at: number;
  resolving_since: number;
  closed_at: number;
  /** Ids of clusters merged into this one (their union-find entries go when it is evicted). */
  aliases: string[];
}

export interface ClusterSnapshot {
  id: string;
  state: ClusterState;
  incident_id?: string;
  open_at: number;
  members: IntakeAlert[];
  group_keys: string[];
  spans: Array<[string, number, number]>;
  firing: string[];
  first_alert_at: number;
  last_flush_at: number;
  resolving_since: number;
  closed_at: number;
  aliases: string[];
}

export function newCluster(id: string, openAt: number): Cluster {
  return {
    id,
    state: 'pending',
    open_at: openAt,
    members: [],
    group_keys: new Set(),
    spans: new Map(),
    firing: new Set(),
    first_alert_at: Number.POSITIVE_INFINITY,
    last_flush_at: 0,
    resolving_since: 0,
    closed_at: 0,
    aliases: [],
  };
}

export function isActive(cluster: Cluster | undefined): cluster is Cluster {
  return cluster !== undefined && cluster.state !== 'closed';
}

export function widenSpan(cluster: Cluster, service: string, at: number): void {
  const span = cluster.spans.get(service);
  if (!span) cluster.spans.set(service, [at, at]);
  else {
    span[0] = Math.min(span[0], at);
    span[1] = Math.max(span[1], at);
  }
  cluster.first_alert_at = Math.min(cluster.first_alert_at, at);
}

/** Moves everything of `from` into `into` (the union-find root). */
export function mergeCluster(into: Cluster, from: Cluster): void {
  into.members.push(...from.members);
  for (const key of from.group_keys) into.group_keys.add(key);
  for (const [service, [first, last]] of from.spans) {
    widenSpan(into, service, first);
    widenSpan(into, service, last);
  }
  for (const fingerprint of from.firing) into.firing.add(fingerprint);
  into.open_at = Math.min(into.open_at, from.open_at);
  into.aliases.push(from.id, ...from.aliases);
}

export function toSnapshot(cluster: Cluster): ClusterSnapshot {
  return {
    ...cluster,
    members: [...cluster.members],
    group_keys: [...cluster.group_keys],
    spans: [...cluster.spans].map(([service, [first, last]]) => [service, first, last]),
    firing: [...cluster.firing],
    first_alert_at: Number.isFinite(cluster.first_alert_at) ? cluster.first_alert_at : 0,
    aliases: [...cluster.aliases],
  };
}

export function fromSnapshot(snapshot: ClusterSnapshot): Cluster {
  return {
    ...snapshot,
    members: [...snapshot.members],
    group_keys: new Set(snapshot.group_keys),
    spans: new Map(snapshot.spans.map(([service, first, last]) => [service, [first, last]])),
    firing: new Set(snapshot.firing),
    aliases: [...snapshot.aliases],
  };
}

export interface IncidentSummary {
  incident_id: string;
  primary: IntakeAlert;
  priority: number;
  severity: Severity;
  services: string[];
  first_alert_at: number;
}

/**
 * Summarises the members of a cluster about to open. `firing` are the members still firing
 * (the primary and the severity come from them), `groupKeyOf` gives each member's group key
 * and `depthOf` each service's depth in the call graph.
 */
export function summarise(
  members: readonly IntakeAlert[],
  firing: readonly IntakeAlert[],
  groupKeyOf: (alert: IntakeAlert) => string,
  depthOf: (service: string) => number,
): IncidentSummary {
  const primary = [...firing].sort((a, b) => comparePrimary(a, b, depthOf))[0];
  const earliest = [...members].sort(
    (a, b) => a.alert.timestamp - b.alert.timestamp || compareText(a.key, b.key),
  )[0];
  const best = firing.reduce<number>(
    (top, m) => Math.min(top, priorityOf(m.alert.severity)),
    SEVERITY_LEVELS.length,
  );
  const severity = SEVERITY_LEVELS[best - 1];
  return {
    incident_id: incidentIdFor(groupKeyOf(earliest), earliest.alert.timestamp),
    primary,
    priority: priorityOf(severity),
    severity,
    services: [...new Set(members.map((m) => m.alert.service))].sort(),
    first_alert_at: earliest.alert.timestamp,
  };
}

/** Same group key and first alert time → same id, on every replica. */
export function incidentIdFor(groupKey: string, firstAlertAt: number): string {
  return `INC-${shortHash(`${groupKey}\n${firstAlertAt}`)}`;
}

/** Deepest service first, then earliest start, then most severe, then intake key. */
function comparePrimary(a: IntakeAlert, b: IntakeAlert, depthOf: (service: string) => number): number {
  return (
    depthOf(b.alert.service) - depthOf(a.alert.service) ||
    a.alert.timestamp - b.alert.timestamp ||
    priorityOf(a.alert.severity) - priorityOf(b.alert.severity) ||
    compareText(a.key, b.key)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
