/**
 * The incident manager of `afr serve`: turns intake alerts into incident decisions (open,
 * attach, suppress, resolve_candidate). Pure and deterministic: no I/O, no timers; the
 * caller passes `now` (epoch seconds) to `ingest` and `tick`, and replicas fed the same
 * alerts derive the same incident ids. State lives in memory and round-trips through JSON
 * (`snapshot` / `restore`) so a replica can rebuild it.
 *
 * Per alert: dedupe (intake key, then fingerprint + status), then maintenance windows,
 * silences and inhibition, then grouping: same group key, or topology correlation (services
 * within max_hops, start times within correlation_window_s), merging clusters with
 * union-find. Pending clusters open after group_wait (thresholds and inhibition are checked
 * then); open ones batch new alerts into `attach` every group_interval.
 */
import type { Topology } from '../core/telemetry.js';
import type { IntakeAlert } from '../store/coordination/coordination.js';
import { effectiveLabels, fingerprintOf, groupKeyOf, type Labels, shortHash } from './alert-labels.js';
import {
  type Cluster,
  type ClusterSnapshot,
  fromSnapshot,
  isActive,
  mergeCluster,
  newCluster,
  summarise,
  toSnapshot,
  widenSpan,
} from './cluster.js';
import type { Decision, SuppressReason } from './decisions.js';
import { compileMatchers, type Matcher, matchesAll } from './matchers.js';
import {
  type IncidentRules,
  type IncidentRulesInput,
  IncidentRulesSchema,
  type Silence,
  type SilenceInput,
  SilenceSchema,
} from './rules-schema.js';
import { type InhibitionSource, Inhibitor, Muting } from './suppression.js';
import { TopologyIndex } from './topology-index.js';
import { TouchOrderedMap } from './tracking.js';
import { UnionFind, type UnionFindState } from './union-find.js';

/** What the manager remembers about one alert fingerprint. */
export interface FingerprintState {
  status: 'firing' | 'resolved';
  /** Start time of the instance last seen (re-fires have a later one). */
  starts_at: number;
  /** Internal id of the cluster it joined (resolve through union-find). */
  cluster?: string;
  /** Why its firing was suppressed, if it was (its resolve is suppressed alike). */
  suppressed?: SuppressReason;
  /** Inhibition rules it is a source for while firing. */
  sources?: InhibitionSource[];
  touched: number;
}

export interface IncidentManagerSnapshot {
  version: 1;
  next_cluster: number;
  clusters: ClusterSnapshot[];
  union_find: UnionFindState;
  fingerprints: Array<[string, FingerprintState]>;
  seen_keys: Array<[string, { touched: number }]>;
  /** Silences added at run time (`addSilence`); configured ones come from the rules. */
  silences: Silence[];
}

export interface IncidentManagerStats {
  pending: number;
  open: number;
  resolving: number;
  closed: number;
  fingerprints: number;
  seen_keys: number;
  merged_ids: number;
}

export interface IncidentManagerOptions {
  /** The `incidents:` section, parsed or not (defaults fill the gaps). */
  rules?: IncidentRules | IncidentRulesInput;
  topology?: Topology;
}

interface CompiledThreshold {
  matchers: Matcher[];
  min_alerts: number;
  within_s: number;
}

export class IncidentManager {
  private readonly rules: IncidentRules;
  private readonly thresholds: CompiledThreshold[];
  private inhibitor: Inhibitor;
  private muting: Muting;
  private topology: TopologyIndex;

  private clusters = new Map<string, Cluster>();
  private unionFind = new UnionFind();
  private fingerprints = new TouchOrderedMap<FingerprintState>();
  private seenKeys = new TouchOrderedMap<{ touched: number }>();
  private nextCluster = 1;
  /** Indexes over active clusters (rebuilt on restore). */
  private byGroupKey = new Map<string, string>();
  private byService = new Map<string, Set<string>>();
  private byIncidentId = new Map<string, string>();

  constructor(options: IncidentManagerOptions = {}) {
    this.rules = IncidentRulesSchema.parse(options.rules ?? {});
    this.thresholds = this.rules.thresholds.map((rule) => ({
      matchers: compileMatchers(rule.matchers),
      min_alerts: rule.min_alerts,
      within_s: rule.within_s,
    }));
    this.inhibitor = new Inhibitor(this.rules.inhibit_rules);
    this.muting = new Muting(this.rules.silences, this.rules.maintenance_windows);
    this.topology = new TopologyIndex(options.topology, this.rules.max_hops);
  }

  /** Replaces the topology used for correlation and primary selection (from now on). */
  setTopology(topology: Topology | undefined): void {
    this.topology = new TopologyIndex(topology, this.rules.max_hops);
  }

  /** Adds a silence at run time (kept in snapshots); an id is derived from it when absent. */
  addSilence(input: SilenceInput): Silence {
    const silence = SilenceSchema.parse(input);
    silence.id ??= `SIL-${shortHash(JSON.stringify([silence.matchers, silence.starts_at, silence.ends_at]))}`;
    this.muting.addSilence(silence);
    return silence;
  }

  removeSilence(id: string): boolean {
    return this.muting.removeSilence(id);
  }

  /**
   * Takes a batch of intake alerts (handled in received_at order, stable) and returns the
   * decisions due at `now`, including those `tick(now)` would give.
   */
  ingest(alerts: readonly IntakeAlert[], now: number): Decision[] {
    const decisions: Decision[] = [];
    const ordered = [...alerts].sort((a, b) => a.received_at - b.received_at);
    for (const alert of ordered) this.handle(alert, now, decisions);
    decisions.push(...this.tick(now));
    return decisions;
  }

  /** Opens clusters whose group_wait ran out, flushes attaches, closes and forgets old state. */
  tick(now: number): Decision[] {
    const decisions: Decision[] = [];
    for (const cluster of [...this.clusters.values()]) {
      if (cluster.state === 'pending') {
        if (now >= cluster.open_at) this.tryOpen(cluster, now, decisions);
      } else if (cluster.state !== 'closed') {
        this.flushOpen(cluster, now, decisions);
      }
    }
    this.forget(now);
    return decisions;
  }

  /**
   * The server resolved (or dismissed) the incident: later alerts start a new one.
   * `closed` is false when the id is unknown or already closed; `decisions` carries the
   * alerts still queued for the incident (one last `attach`), so none goes unaccounted.
   */
  close(incidentId: string, now: number): { closed: boolean; decisions: Decision[] } {
    const id = this.byIncidentId.get(incidentId);
    const cluster = id === undefined ? undefined : this.clusters.get(id);
    if (!isActive(cluster)) return { closed: false, decisions: [] };
    const decisions: Decision[] = [];
    if (cluster.members.length > 0) {
      decisions.push({ kind: 'attach', incident_id: incidentId, alerts: cluster.members });
      cluster.members = [];
    }
    this.closeCluster(cluster, now);
    return { closed: true, decisions };
  }

  stats(): IncidentManagerStats {
    const stats: IncidentManagerStats = {
      pending: 0,
      open: 0,
      resolving: 0,
      closed: 0,
      fingerprints: this.fingerprints.size,
      seen_keys: this.seenKeys.size,
      merged_ids: this.unionFind.trackedCount,
    };
    for (const cluster of this.clusters.values()) stats[cluster.state]++;
    return stats;
  }

  snapshot(): IncidentManagerSnapshot {
    return structuredClone({
      version: 1,
      next_cluster: this.nextCluster,
      clusters: [...this.clusters.values()].map(toSnapshot),
      union_find: this.unionFind.toJSON(),
      fingerprints: this.fingerprints.toJSON(),
      seen_keys: this.seenKeys.toJSON(),
      silences: this.muting.runtimeSilences(),
    });
  }

  /** Replaces this manager's state with a snapshot (taken with the same rules). */
  restore(input: IncidentManagerSnapshot): void {
    if (input.version !== 1)
      throw new Error(`unsupported incident manager snapshot version ${input.version}`);
    const snapshot = structuredClone(input);
    this.nextCluster = snapshot.next_cluster;
    this.clusters = new Map(snapshot.clusters.map((c) => [c.id, fromSnapshot(c)]));
    this.unionFind = UnionFind.fromJSON(snapshot.union_find);
    this.fingerprints = TouchOrderedMap.fromJSON(snapshot.fingerprints);
    this.seenKeys = TouchOrderedMap.fromJSON(snapshot.seen_keys);
    this.muting = new Muting(this.rules.silences, this.rules.maintenance_windows, snapshot.silences);
    this.inhibitor = new Inhibitor(this.rules.inhibit_rules);
    this.byGroupKey.clear();
    this.byService.clear();
    this.byIncidentId.clear();
    for (const cluster of this.clusters.values()) {
      if (cluster.incident_id) this.byIncidentId.set(cluster.incident_id, cluster.id);
      if (isActive(cluster)) this.index(cluster);
    }
    for (const [fingerprint, state] of this.fingerprints.toJSON()) {
      if (state.status === 'firing' && state.sources) this.inhibitor.add(fingerprint, state.sources);
    }
  }

  // ---- intake ----

  private handle(intake: IntakeAlert, now: number, out: Decision[]): void {
    const suppress = (reason: SuppressReason): void => {
      out.push({ kind: 'suppress', alert: intake, reason });
    };
    if (this.seenKeys.get(intake.key)) {
      this.seenKeys.touch(intake.key, now);
      suppress('duplicate');
      return;
    }
    this.seenKeys.set(intake.key, { touched: now }, now);
    const { alert } = intake;
    const fingerprint = fingerprintOf(alert);
    const labels = effectiveLabels(alert);
    const known = this.fingerprints.get(fingerprint);
    if (alert.status === 'resolved') {
      this.handleResolved(intake, fingerprint, labels, known, now, out);
      return;
    }

    if (known?.status === 'firing') {
      const cluster = this.clusterOf(known);
      const stillTracked = known.suppressed !== undefined || isActive(cluster);
      if (stillTracked || alert.timestamp <= known.starts_at) {
        this.fingerprints.touch(fingerprint, now);
        suppress('duplicate');
        return;
      }
      this.inhibitor.remove(fingerprint, known.sources ?? []);
    } else if (known && alert.timestamp <= known.starts_at) {
      this.fingerprints.touch(fingerprint, now);
      suppress('stale');
      return;
    }

    const sources = this.inhibitor.sourcesOf(labels);
    this.inhibitor.add(fingerprint, sources);
    const state: FingerprintState = { status: 'firing', starts_at: alert.timestamp, sources, touched: now };
    this.fingerprints.set(fingerprint, state, now);
    const reason =
      this.muting.reasonFor(alert, labels, intake.received_at) ??
      (this.inhibitor.inhibits(fingerprint, labels) ? 'inhibited' : undefined);
    if (reason) {
      state.suppressed = reason;
      suppress(reason);
      return;
    }
    const cluster = this.join(intake, labels);
    cluster.firing.add(fingerprint);
    cluster.members.push(intake);
    state.cluster = cluster.id;
  }

  private handleResolved(
    intake: IntakeAlert,
    fingerprint: string,
    labels: Labels,
    known: FingerprintState | undefined,
    now: number,
    out: Decision[],
  ): void {
    const suppress = (reason: SuppressReason): void => {
      out.push({ kind: 'suppress', alert: intake, reason });
    };
    let state = known;
    if (!state) {
      // Forgotten (over the cap) but maybe still in an active cluster of its group key.
      const id = this.byGroupKey.get(groupKeyOf(labels, this.rules.group_by));
      const cluster = id === undefined ? undefined : this.clusters.get(this.unionFind.find(id));
      if (isActive(cluster) && cluster.firing.has(fingerprint)) {
        state = { status: 'firing', starts_at: intake.alert.timestamp, cluster: cluster.id, touched: now };
      }
    }
    if (!state || state.status === 'resolved' || intake.alert.timestamp < state.starts_at) {
      const reason = state?.status === 'resolved' ? 'duplicate' : 'stale';
      if (!state) this.fingerprints.set(fingerprint, this.resolvedState(intake, now), now);
      suppress(reason);
      return;
    }
    this.inhibitor.remove(fingerprint, state.sources ?? []);
    const cluster = this.clusterOf(state);
    const resolved: FingerprintState = { ...this.resolvedState(intake, now), suppressed: state.suppressed };
    this.fingerprints.set(fingerprint, resolved, now);
    if (state.suppressed) {
      suppress(state.suppressed);
      return;
    }
    if (!isActive(cluster)) {
      suppress('stale');
      return;
    }
    resolved.cluster = cluster.id;
    cluster.firing.delete(fingerprint);
    cluster.members.push(intake);
  }

  private resolvedState(intake: IntakeAlert, now: number): FingerprintState {
    return { status: 'resolved', starts_at: intake.alert.timestamp, touched: now };
  }

  /** The cluster a new firing alert joins: by group key, by topology, or a new one. */
  private join(intake: IntakeAlert, labels: Labels): Cluster {
    const { alert } = intake;
    const groupKey = groupKeyOf(labels, this.rules.group_by);
    const candidates = new Set<Cluster>();
    const byKey = this.activeCluster(this.byGroupKey.get(groupKey));
    if (byKey) candidates.add(byKey);
    if (this.rules.correlate_by_topology) {
      for (const cluster of this.correlated(alert.service, alert.timestamp)) candidates.add(cluster);
    }
    const immediate = this.rules.immediate_severities.includes(alert.severity);
    let target: Cluster;
    if (candidates.size === 0) {
      target = newCluster(`c${this.nextCluster++}`, intake.received_at + this.rules.group_wait_s);
      this.clusters.set(target.id, target);
    } else {
      target = this.merge([...candidates], byKey);
    }
    if (immediate && target.state === 'pending')
      target.open_at = Math.min(target.open_at, intake.received_at);
    if (target.state === 'resolving') target.state = 'open';
    target.group_keys.add(groupKey);
    widenSpan(target, alert.service, alert.timestamp);
    this.byGroupKey.set(groupKey, target.id);
    this.serviceSet(alert.service).add(target.id);
    return target;
  }

  /** Active clusters with an alert on a service within max_hops, close enough in time. */
  private correlated(service: string, at: number): Cluster[] {
    const window = this.rules.correlation_window_s;
    const found: Cluster[] = [];
    for (const neighbour of this.topology.neighbours(service)) {
      for (const id of this.byService.get(neighbour) ?? []) {
        const cluster = this.clusters.get(id);
        const span = cluster?.spans.get(neighbour);
        if (isActive(cluster) && span && at >= span[0] - window && at <= span[1] + window) {
          found.push(cluster);
        }
      }
    }
    return found;
  }

  /**
   * Merges candidate clusters into one. An open one wins (the group key's own if open,
   * else the earliest); pending ones fold into it. Open incidents are never merged together.
   */
  private merge(candidates: Cluster[], byKey: Cluster | undefined): Cluster {
    const announced = candidates
      .filter((c) => c.state !== 'pending')
      .sort((a, b) => a.first_alert_at - b.first_alert_at || compareText(a.id, b.id));
    const pending = candidates.filter((c) => c.state === 'pending');
    if (announced.length > 0) {
      const root = byKey && byKey.state !== 'pending' ? byKey : announced[0];
      for (const cluster of pending) {
        this.unionFind.absorb(root.id, cluster.id);
        this.fold(root, cluster);
      }
      return root;
    }
    let root = pending[0];
    for (const cluster of pending.slice(1)) {
      const keep = this.unionFind.union(root.id, cluster.id) === root.id ? root : cluster;
      this.fold(keep, keep === root ? cluster : root);
      root = keep;
    }
    return root;
  }

  /** Moves `from` into `into` and re-points the indexes. */
  private fold(into: Cluster, from: Cluster): void {
    mergeCluster(into, from);
    this.clusters.delete(from.id);
    for (const key of from.group_keys) this.byGroupKey.set(key, into.id);
    for (const service of from.spans.keys()) {
      const ids = this.serviceSet(service);
      ids.delete(from.id);
      ids.add(into.id);
    }
  }

  // ---- timers ----

  private tryOpen(cluster: Cluster, now: number, out: Decision[]): void {
    const byFingerprint = (alert: IntakeAlert) => fingerprintOf(alert.alert);
    const dropMembers = (fingerprints: Set<string>, reason: SuppressReason) => {
      if (fingerprints.size === 0) return;
      cluster.members = cluster.members.filter((member) => {
        if (!fingerprints.has(byFingerprint(member))) return true;
        out.push({ kind: 'suppress', alert: member, reason });
        return false;
      });
      for (const fingerprint of fingerprints) {
        cluster.firing.delete(fingerprint);
        const state = this.fingerprints.get(fingerprint);
        if (state && state.cluster !== undefined && this.unionFind.find(state.cluster) === cluster.id) {
          state.cluster = undefined;
          state.suppressed = reason;
        }
      }
    };

    // Inhibition again: a source may have arrived after its targets, within group_wait.
    const inhibited = new Set<string>();
    for (const member of this.firingMembers(cluster)) {
      const fingerprint = byFingerprint(member);
      if (this.inhibitor.inhibits(fingerprint, effectiveLabels(member.alert))) inhibited.add(fingerprint);
    }
    dropMembers(inhibited, 'inhibited');

    if (this.firingMembers(cluster).length === 0) {
      for (const member of cluster.members)
        out.push({ kind: 'suppress', alert: member, reason: 'resolved_before_open' });
      cluster.members = [];
      this.closeCluster(cluster, now);
      return;
    }
    const threshold = this.threshold(cluster, now);
    dropMembers(threshold.expired, 'below_threshold');
    if (!threshold.met) {
      if (cluster.members.length === 0) this.closeCluster(cluster, now);
      return;
    }
    const firing = this.firingMembers(cluster);
    const summary = summarise(
      cluster.members,
      firing,
      (member) => groupKeyOf(effectiveLabels(member.alert), this.rules.group_by),
      (service) => this.topology.depth(service),
    );
    out.push({
      kind: 'open',
      incident_id: summary.incident_id,
      primary: summary.primary,
      members: cluster.members,
      priority: summary.priority,
      severity: summary.severity,
      services: summary.services,
      group_keys: [...cluster.group_keys].sort(),
      first_alert_at: summary.first_alert_at,
    });
    cluster.incident_id = summary.incident_id;
    this.byIncidentId.set(summary.incident_id, cluster.id);
    cluster.state = 'open';
    cluster.members = [];
    cluster.last_flush_at = now;
  }

  /**
   * Threshold rules: when every firing member matches some rule, the cluster opens only once
   * a rule counts min_alerts of them received within its within_s. Until then `met` is false,
   * and `expired` holds the members too old to count for any of their rules.
   */
  private threshold(cluster: Cluster, now: number): { met: boolean; expired: Set<string> } {
    const expired = new Set<string>();
    if (this.thresholds.length === 0) return { met: true, expired };
    const firing = this.firingMembers(cluster);
    const rulesOf = firing.map((member) => {
      const labels = effectiveLabels(member.alert);
      return this.thresholds.filter((rule) => matchesAll(rule.matchers, labels));
    });
    if (rulesOf.some((rules) => rules.length === 0)) return { met: true, expired };
    const met = this.thresholds.some((rule) => {
      const recent = firing.filter(
        (m, i) => rulesOf[i].includes(rule) && m.received_at >= now - rule.within_s,
      );
      return recent.length >= rule.min_alerts;
    });
    if (met) return { met, expired };
    firing.forEach((member, i) => {
      if (rulesOf[i].every((rule) => member.received_at < now - rule.within_s)) {
        expired.add(fingerprintOf(member.alert));
      }
    });
    return { met, expired };
  }

  private firingMembers(cluster: Cluster): IntakeAlert[] {
    return cluster.members.filter(
      (member) => member.alert.status === 'firing' && cluster.firing.has(fingerprintOf(member.alert)),
    );
  }

  private flushOpen(cluster: Cluster, now: number, out: Decision[]): void {
    const incidentId = cluster.incident_id!;
    if (cluster.members.length > 0 && now >= cluster.last_flush_at + this.rules.group_interval_s) {
      out.push({ kind: 'attach', incident_id: incidentId, alerts: cluster.members });
      cluster.members = [];
      cluster.last_flush_at = now;
    }
    if (cluster.members.length > 0) return;
    if (cluster.firing.size === 0 && cluster.state === 'open') {
      out.push({ kind: 'resolve_candidate', incident_id: incidentId });
      cluster.state = 'resolving';
      cluster.resolving_since = now;
    } else if (
      cluster.state === 'resolving' &&
      now >= cluster.resolving_since + this.rules.group_interval_s
    ) {
      this.closeCluster(cluster, now);
    }
  }

  private closeCluster(cluster: Cluster, now: number): void {
    cluster.state = 'closed';
    cluster.closed_at = now;
    for (const key of cluster.group_keys) {
      if (this.byGroupKey.get(key) === cluster.id) this.byGroupKey.delete(key);
    }
    for (const service of cluster.spans.keys()) {
      const ids = this.byService.get(service);
      ids?.delete(cluster.id);
      if (ids?.size === 0) this.byService.delete(service);
    }
    if (cluster.incident_id === undefined) this.evict(cluster);
  }

  private evict(cluster: Cluster): void {
    this.clusters.delete(cluster.id);
    if (cluster.incident_id !== undefined) this.byIncidentId.delete(cluster.incident_id);
    this.unionFind.forget([cluster.id, ...cluster.aliases]);
  }

  private forget(now: number): void {
    const before = now - this.rules.retention_s;
    for (const cluster of [...this.clusters.values()]) {
      if (cluster.state === 'closed' && cluster.closed_at < before) this.evict(cluster);
    }
    this.seenKeys.prune(
      before,
      this.rules.max_tracked_keys,
      now,
      () => false,
      () => {},
    );
    this.fingerprints.prune(
      before,
      this.rules.max_tracked_fingerprints,
      now,
      (state) => state.status === 'firing' && isActive(this.clusterOf(state)),
      (fingerprint, state) => this.inhibitor.remove(fingerprint, state.sources ?? []),
    );
    this.muting.pruneSilences(before);
  }

  // ---- indexes ----

  private index(cluster: Cluster): void {
    for (const key of cluster.group_keys) this.byGroupKey.set(key, cluster.id);
    for (const service of cluster.spans.keys()) this.serviceSet(service).add(cluster.id);
  }

  private serviceSet(service: string): Set<string> {
    let ids = this.byService.get(service);
    if (!ids) {
      ids = new Set();
      this.byService.set(service, ids);
    }
    return ids;
  }

  private activeCluster(id: string | undefined): Cluster | undefined {
    if (id === undefined) return undefined;
    const cluster = this.clusters.get(this.unionFind.find(id));
    return isActive(cluster) ? cluster : undefined;
  }

  private clusterOf(state: FingerprintState): Cluster | undefined {
    return state.cluster === undefined ? undefined : this.clusters.get(this.unionFind.find(state.cluster));
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
