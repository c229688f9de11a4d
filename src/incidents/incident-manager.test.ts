import { describe, expect, it } from 'vitest';
import type { Topology } from '../core/telemetry.js';
import { IncidentManager, type IncidentManagerOptions } from './incident-manager.js';
import { intake, ofKind, resolvedOf } from './test-support.js';

const T0 = 1_700_000_000;

function topology(edges: Array<[string, string]>, extra: string[] = []): Topology {
  const names = new Set([...edges.flat(), ...extra]);
  return {
    services: [...names].map((name) => ({ name, tier: 'backend', criticality: 'medium', replicas: 1 })),
    dependencies: edges.map(([from, to]) => ({ from, to })),
  };
}

function manager(options: IncidentManagerOptions = {}): IncidentManager {
  return new IncidentManager(options);
}

describe('grouping', () => {
  it('waits group_wait, then opens one incident for alerts with the same group key', () => {
    const m = manager();
    const a = intake({ service: 'api', at: T0, fingerprint: 'a1', labels: { instance: 'pod-1' } });
    const b = intake({ service: 'api', at: T0 + 5, fingerprint: 'a2', labels: { instance: 'pod-2' } });
    expect(m.ingest([a, b], T0 + 5)).toEqual([]);
    expect(m.tick(T0 + 29)).toEqual([]);
    const [open, ...rest] = m.tick(T0 + 30);
    expect(rest).toEqual([]);
    expect(open).toMatchObject({ kind: 'open', primary: a, members: [a, b], services: ['api'] });
    expect(open.kind === 'open' && open.incident_id).toMatch(/^INC-[0-9a-f]{12}$/);
    expect(m.tick(T0 + 60)).toEqual([]);
  });

  it('keeps different alertnames apart under the default group_by', () => {
    const m = manager();
    const decisions = m.ingest(
      [intake({ service: 'api', at: T0 }), intake({ service: 'api', alertname: 'HighLatency', at: T0 })],
      T0 + 30,
    );
    expect(ofKind(decisions, 'open')).toHaveLength(2);
  });

  it('groups by the listed labels only, or by every label with "..."', () => {
    const alerts = [
      intake({ service: 'api', at: T0, labels: { instance: 'a' } }),
      intake({ service: 'api', alertname: 'HighLatency', at: T0, labels: { instance: 'b' } }),
      intake({
        service: 'api',
        alertname: 'HighLatency',
        at: T0,
        fingerprint: 'x',
        labels: { instance: 'c' },
      }),
    ];
    const byService = manager({ rules: { group_by: ['service'] } }).ingest(alerts, T0 + 30);
    expect(ofKind(byService, 'open').map((o) => o.members.length)).toEqual([3]);
    const byAll = manager({ rules: { group_by: ['...'] } }).ingest(alerts, T0 + 30);
    expect(ofKind(byAll, 'open')).toHaveLength(3);
  });

  it('opens at once for immediate severities', () => {
    const m = manager({ rules: { immediate_severities: ['critical'] } });
    const decisions = m.ingest([intake({ service: 'db', severity: 'critical', at: T0 })], T0);
    expect(ofKind(decisions, 'open')).toHaveLength(1);
    const high = m.ingest([intake({ service: 'api', severity: 'high', at: T0 })], T0);
    expect(high).toEqual([]);
  });

  it('derives the same incident id on two replicas fed differently batched alerts', () => {
    const alerts = [0, 3, 9, 12].map((dt, i) =>
      intake({ service: 'api', at: T0 + dt, fingerprint: `f${i}`, labels: { pod: `${i}` } }),
    );
    const one = manager().ingest(alerts, T0 + 60);
    const two = manager();
    const split = [...two.ingest(alerts.slice(0, 2), T0 + 10), ...two.ingest(alerts.slice(2), T0 + 60)];
    const id = ofKind(one, 'open')[0].incident_id;
    expect(ofKind(split, 'open')[0].incident_id).toBe(id);
    // A later episode of the same group gets another id (first alert time differs).
    const later = manager().ingest([intake({ service: 'api', at: T0 + 9000, fingerprint: 'f0' })], T0 + 9100);
    expect(ofKind(later, 'open')[0].incident_id).not.toBe(id);
  });

  it('exposes priority and severity from the most severe firing member', () => {
    const m = manager({ rules: { group_by: ['service'], inhibit_rules: [] } });
    const decisions = m.ingest(
      [
        intake({ service: 'api', severity: 'low', at: T0, fingerprint: '1' }),
        intake({ service: 'api', severity: 'critical', at: T0 + 1, fingerprint: '2' }),
        intake({ service: 'api', severity: 'info', at: T0 + 2, fingerprint: '3' }),
      ],
      T0 + 40,
    );
    expect(ofKind(decisions, 'open')[0]).toMatchObject({ priority: 1, severity: 'critical' });
    const info = manager().ingest([intake({ service: 'x', severity: 'info', at: T0 })], T0 + 40);
    expect(ofKind(info, 'open')[0]).toMatchObject({ priority: 5, severity: 'info' });
  });

  it('batches alerts joining an open incident into one attach per group_interval', () => {
    const m = manager({ rules: { group_by: ['service'] } });
    const [open] = ofKind(m.ingest([intake({ service: 'api', at: T0 })], T0 + 30), 'open');
    const b = intake({ service: 'api', at: T0 + 60, fingerprint: 'b' });
    const c = intake({ service: 'api', at: T0 + 100, fingerprint: 'c' });
    expect(m.ingest([b], T0 + 60)).toEqual([]);
    expect(m.ingest([c], T0 + 100)).toEqual([]);
    expect(m.tick(T0 + 330)).toEqual([{ kind: 'attach', incident_id: open.incident_id, alerts: [b, c] }]);
    // After a quiet interval, the next alert goes out on the next tick.
    const d = intake({ service: 'api', at: T0 + 700, fingerprint: 'd' });
    expect(m.ingest([d], T0 + 700)).toEqual([{ kind: 'attach', incident_id: open.incident_id, alerts: [d] }]);
  });
});

describe('deduplication and the alert lifecycle', () => {
  it('suppresses a repeated intake key and the same fingerprint firing again', () => {
    const m = manager();
    const a = intake({ service: 'api', at: T0 });
    const fromGrafana = intake({ service: 'api', at: T0 + 60, source: 'grafana' });
    expect(fromGrafana.key).not.toBe(a.key);
    const decisions = m.ingest([a, a, fromGrafana], T0 + 60);
    expect(ofKind(decisions, 'suppress')).toEqual([
      { kind: 'suppress', alert: a, reason: 'duplicate' },
      { kind: 'suppress', alert: fromGrafana, reason: 'duplicate' },
    ]);
    expect(ofKind(decisions, 'open')[0].members).toEqual([a]);
  });

  it('goes firing → resolved → resolve_candidate, and a later re-fire opens a new incident', () => {
    const m = manager({ rules: { group_interval_s: 60 } });
    const a = intake({ service: 'api', at: T0 });
    const [open] = ofKind(m.ingest([a], T0 + 30), 'open');
    const resolved = resolvedOf(a, T0 + 100);
    expect(m.ingest([resolved], T0 + 100)).toEqual([
      { kind: 'attach', incident_id: open.incident_id, alerts: [resolved] },
      { kind: 'resolve_candidate', incident_id: open.incident_id },
    ]);
    expect(m.ingest([resolved], T0 + 101)).toEqual([
      { kind: 'suppress', alert: resolved, reason: 'duplicate' },
    ]);
    expect(m.tick(T0 + 200)).toEqual([]);
    expect(m.stats()).toMatchObject({ open: 0, resolving: 0, closed: 1 });
    const refire = intake({ service: 'api', at: T0 + 500 });
    const again = m.ingest([refire], T0 + 530);
    expect(ofKind(again, 'open')).toHaveLength(1);
    expect(ofKind(again, 'open')[0].incident_id).not.toBe(open.incident_id);
  });

  it('attaches a re-fire within group_interval of the resolve to the same incident (flapping)', () => {
    const m = manager({ rules: { group_interval_s: 300 } });
    const a = intake({ service: 'api', at: T0 });
    const [open] = ofKind(m.ingest([a], T0 + 30), 'open');
    m.ingest([resolvedOf(a, T0 + 400)], T0 + 400);
    expect(m.stats().resolving).toBe(1);
    const refire = intake({ service: 'api', at: T0 + 450 });
    expect(m.ingest([refire], T0 + 450)).toEqual([]);
    expect(m.tick(T0 + 700)).toEqual([{ kind: 'attach', incident_id: open.incident_id, alerts: [refire] }]);
    expect(m.stats()).toMatchObject({ open: 1, resolving: 0 });
  });

  it('suppresses every alert of a group that resolved before group_wait ran out', () => {
    const m = manager();
    const a = intake({ service: 'api', at: T0 });
    const resolved = resolvedOf(a, T0 + 10);
    expect(m.ingest([a, resolved], T0 + 40)).toEqual([
      { kind: 'suppress', alert: a, reason: 'resolved_before_open' },
      { kind: 'suppress', alert: resolved, reason: 'resolved_before_open' },
    ]);
  });

  it('handles a resolve that arrives before its firing (out of order) as stale', () => {
    const m = manager();
    const a = intake({ service: 'api', at: T0, received_at: T0 + 20 });
    const resolved = resolvedOf(a, T0 + 10);
    expect(m.ingest([a, resolved], T0 + 60)).toEqual([
      { kind: 'suppress', alert: resolved, reason: 'stale' },
      { kind: 'suppress', alert: a, reason: 'stale' },
    ]);
  });

  it('treats a late resolve of an earlier episode as stale once the alert re-fired', () => {
    const m = manager({ rules: { group_interval_s: 0 } });
    const first = intake({ service: 'api', at: T0 });
    m.ingest([first], T0 + 30);
    m.ingest([resolvedOf(first, T0 + 40)], T0 + 40);
    const refire = intake({ service: 'api', at: T0 + 100 });
    m.ingest([refire], T0 + 100);
    const lateResolve = { ...resolvedOf(first, T0 + 120), key: 'retry-of-first-resolve' };
    expect(m.ingest([lateResolve], T0 + 120)).toEqual([
      { kind: 'suppress', alert: lateResolve, reason: 'stale' },
    ]);
    expect(m.stats()).toMatchObject({ open: 1 });
  });

  it('starts a new incident for the group after the server closes the old one', () => {
    const m = manager();
    const [open] = ofKind(m.ingest([intake({ service: 'api', at: T0, fingerprint: 'a' })], T0 + 30), 'open');
    const queued = intake({ service: 'api', at: T0 + 35, fingerprint: 'q' });
    expect(m.ingest([queued], T0 + 35)).toEqual([]);
    expect(m.close(open.incident_id, T0 + 40)).toEqual({
      closed: true,
      decisions: [{ kind: 'attach', incident_id: open.incident_id, alerts: [queued] }],
    });
    expect(m.close(open.incident_id, T0 + 41)).toEqual({ closed: false, decisions: [] });
    expect(m.close('INC-unknown', T0 + 41).closed).toBe(false);
    const next = m.ingest([intake({ service: 'api', at: T0 + 50, fingerprint: 'b' })], T0 + 80);
    expect(ofKind(next, 'open')).toHaveLength(1);
    expect(ofKind(next, 'open')[0].incident_id).not.toBe(open.incident_id);
  });
});

describe('topology-aware correlation', () => {
  const chain = topology([
    ['web', 'api'],
    ['api', 'orders'],
    ['orders', 'db'],
  ]);

  it('makes one incident of a cascade, with the deepest callee as primary', () => {
    const m = manager({ topology: chain });
    const web = intake({ service: 'web', at: T0 + 20, severity: 'critical' });
    const api = intake({ service: 'api', at: T0 + 10 });
    const orders = intake({ service: 'orders', at: T0 + 5 });
    const db = intake({ service: 'db', at: T0 + 8, severity: 'medium' });
    const decisions = m.ingest([web, api, orders, db], T0 + 60);
    const opens = ofKind(decisions, 'open');
    expect(opens).toHaveLength(1);
    expect(opens[0].primary).toBe(db);
    expect(opens[0].services).toEqual(['api', 'db', 'orders', 'web']);
    expect(opens[0].priority).toBe(1);
  });

  it('does the same when the cascade arrives in reverse order', () => {
    const alerts = ['db', 'orders', 'api', 'web'].map((service, i) =>
      intake({ service, at: T0 + i * 10, received_at: T0 + 100 - i * 10 }),
    );
    const opens = ofKind(manager({ topology: chain }).ingest(alerts, T0 + 200), 'open');
    expect(opens).toHaveLength(1);
    expect(opens[0].primary.alert.service).toBe('db');
  });

  it('keeps services more than max_hops apart separate unless alerts in between connect them', () => {
    const far = [intake({ service: 'web', at: T0 }), intake({ service: 'db', at: T0 })];
    expect(ofKind(manager({ topology: chain }).ingest(far, T0 + 60), 'open')).toHaveLength(2);
    const bridged = [...far, intake({ service: 'api', at: T0 })];
    expect(ofKind(manager({ topology: chain }).ingest(bridged, T0 + 60), 'open')).toHaveLength(1);
    const oneHop = manager({ topology: chain, rules: { max_hops: 1 } });
    const twoApart = [intake({ service: 'web', at: T0 }), intake({ service: 'orders', at: T0 })];
    expect(ofKind(oneHop.ingest(twoApart, T0 + 60), 'open')).toHaveLength(2);
  });

  it('keeps alerts outside the correlation window apart', () => {
    const m = manager({ topology: chain, rules: { correlation_window_s: 60, group_wait_s: 600 } });
    const decisions = m.ingest(
      [intake({ service: 'db', at: T0 }), intake({ service: 'orders', at: T0 + 61 })],
      T0 + 700,
    );
    expect(ofKind(decisions, 'open')).toHaveLength(2);
  });

  it('attaches a correlated alert on another service to the open incident', () => {
    const m = manager({ topology: chain, rules: { group_interval_s: 0 } });
    const [open] = ofKind(m.ingest([intake({ service: 'db', at: T0 })], T0 + 30), 'open');
    const api = intake({ service: 'api', at: T0 + 120 });
    expect(m.ingest([api], T0 + 120)).toEqual([
      { kind: 'attach', incident_id: open.incident_id, alerts: [api] },
    ]);
  });

  it('follows cycles and ranks the callee below a cycle deepest', () => {
    const cyclic = topology([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['c', 'store'],
    ]);
    const alerts = ['a', 'b', 'c', 'store'].map((service, i) => intake({ service, at: T0 + 10 - i }));
    const opens = ofKind(manager({ topology: cyclic }).ingest(alerts, T0 + 60), 'open');
    expect(opens).toHaveLength(1);
    expect(opens[0].primary.alert.service).toBe('store');
  });

  it('groups alerts on services missing from the topology by labels only', () => {
    const m = manager({ topology: chain });
    const decisions = m.ingest(
      [
        intake({ service: 'batch', at: T0 }),
        intake({ service: 'batch', at: T0 + 1, fingerprint: 'batch-2', labels: { pod: '2' } }),
        intake({ service: 'batch', alertname: 'JobFailed', at: T0 }),
        intake({ service: 'db', at: T0 }),
      ],
      T0 + 60,
    );
    expect(ofKind(decisions, 'open').map((o) => [o.services, o.members.length])).toEqual([
      [['batch'], 2],
      [['batch'], 1],
      [['db'], 1],
    ]);
  });

  it('correlates nothing when correlate_by_topology is off', () => {
    const m = manager({ topology: chain, rules: { correlate_by_topology: false } });
    const alerts = [intake({ service: 'db', at: T0 }), intake({ service: 'orders', at: T0 })];
    expect(ofKind(m.ingest(alerts, T0 + 60), 'open')).toHaveLength(2);
  });
});

describe('inhibition, silences, maintenance and thresholds', () => {
  it('lets a critical alert suppress medium and low ones of its service (default rule)', () => {
    const m = manager({ rules: { group_by: ['alertname'] } });
    const medium = intake({ service: 'api', alertname: 'Latency', severity: 'medium', at: T0 });
    const critical = intake({ service: 'api', alertname: 'Down', severity: 'critical', at: T0 + 1 });
    const low = intake({ service: 'api', alertname: 'Disk', severity: 'low', at: T0 + 2 });
    const otherService = intake({ service: 'web', alertname: 'Latency2', severity: 'medium', at: T0 + 2 });
    const high = intake({ service: 'api', alertname: 'Errors', severity: 'high', at: T0 + 2 });
    const decisions = m.ingest([medium, critical, low, otherService, high], T0 + 40);
    expect(ofKind(decisions, 'suppress')).toEqual([
      { kind: 'suppress', alert: low, reason: 'inhibited' },
      // The medium alert came first; inhibition is checked again when its group opens.
      { kind: 'suppress', alert: medium, reason: 'inhibited' },
    ]);
    expect(ofKind(decisions, 'open').map((o) => o.primary)).toEqual([critical, otherService, high]);
  });

  it('stops inhibiting once the source resolves, and applies custom rules with equal labels', () => {
    const rules = {
      inhibit_rules: [
        {
          source_matchers: ['alertname=ClusterDown'],
          target_matchers: ['alertname!=ClusterDown'],
          equal: ['cluster'],
        },
      ],
    };
    const m = manager({ rules });
    const down = intake({ service: 'k8s', alertname: 'ClusterDown', at: T0, labels: { cluster: 'eu' } });
    const eu = intake({ service: 'api', at: T0 + 1, labels: { cluster: 'eu' } });
    const us = intake({ service: 'web', at: T0 + 1, labels: { cluster: 'us' } });
    const first = m.ingest([down, eu, us], T0 + 40);
    expect(ofKind(first, 'suppress')).toEqual([{ kind: 'suppress', alert: eu, reason: 'inhibited' }]);
    m.ingest([resolvedOf(down, T0 + 50)], T0 + 50);
    const later = intake({ service: 'api', alertname: 'Other', at: T0 + 60, labels: { cluster: 'eu' } });
    expect(ofKind(m.ingest([later], T0 + 100), 'open')).toHaveLength(1);
  });

  it('silences alerts matching every matcher while the silence is active', () => {
    const m = manager({
      rules: {
        silences: [
          {
            matchers: ['service=~pay.*', 'env!=prod', 'alertname!~Disk.*'],
            starts_at: T0,
            ends_at: T0 + 100,
          },
        ],
      },
    });
    const silenced = intake({ service: 'payments', at: T0 + 10, labels: { env: 'dev' } });
    const prod = intake({ service: 'payments', at: T0 + 10, fingerprint: 'p', labels: { env: 'prod' } });
    const disk = intake({ service: 'payments', alertname: 'DiskFull', at: T0 + 10, labels: { env: 'dev' } });
    const notAnchored = intake({ service: 'repay', at: T0 + 10, labels: { env: 'dev' } });
    const after = intake({ service: 'payments', alertname: 'Late', at: T0 + 100, labels: { env: 'dev' } });
    const decisions = m.ingest([silenced, prod, disk, notAnchored, after], T0 + 200);
    expect(ofKind(decisions, 'suppress')).toEqual([
      { kind: 'suppress', alert: silenced, reason: 'silenced' },
    ]);
    const resolved = resolvedOf(silenced, T0 + 210);
    expect(m.ingest([resolved], T0 + 210)).toEqual([
      { kind: 'suppress', alert: resolved, reason: 'silenced' },
    ]);
  });

  it('adds and removes silences at run time and keeps them in snapshots', () => {
    const m = manager();
    const silence = m.addSilence({ matchers: ['service="api"'], starts_at: T0, ends_at: T0 + 1000 });
    expect(silence.id).toMatch(/^SIL-/);
    const a = intake({ service: 'api', at: T0 + 1 });
    expect(m.ingest([a], T0 + 1)).toEqual([{ kind: 'suppress', alert: a, reason: 'silenced' }]);
    const copy = manager();
    copy.restore(JSON.parse(JSON.stringify(m.snapshot())));
    const b = intake({ service: 'api', alertname: 'B', at: T0 + 2 });
    expect(copy.ingest([b], T0 + 2)).toEqual([{ kind: 'suppress', alert: b, reason: 'silenced' }]);
    expect(m.removeSilence(silence.id!)).toBe(true);
    expect(ofKind(m.ingest([b], T0 + 40), 'open')).toHaveLength(1);
  });

  it('suppresses alerts of services in an active maintenance window', () => {
    const m = manager({
      rules: {
        maintenance_windows: [{ services: ['db'], starts_at: T0, ends_at: T0 + 3600, reason: 'upgrade' }],
      },
    });
    const during = intake({ service: 'db', at: T0 + 5 });
    const other = intake({ service: 'api', at: T0 + 5 });
    const after = intake({ service: 'db', alertname: 'Later', at: T0 + 3600 });
    const decisions = m.ingest([during, other, after], T0 + 3700);
    expect(ofKind(decisions, 'suppress')).toEqual([
      { kind: 'suppress', alert: during, reason: 'maintenance' },
    ]);
    expect(ofKind(decisions, 'open')).toHaveLength(2);
  });

  it('opens only after min_alerts within within_s for threshold rules', () => {
    const rules = {
      group_by: ['alertname'],
      thresholds: [{ matchers: ['alertname=Blip'], min_alerts: 3, within_s: 120 }],
    };
    const m = manager({ rules });
    const blip = (i: number, at: number) =>
      intake({ service: `s${i}`, alertname: 'Blip', at, fingerprint: `b${i}` });
    const lone = blip(0, T0);
    expect(m.ingest([lone], T0 + 30)).toEqual([]);
    expect(m.tick(T0 + 100)).toEqual([]);
    expect(m.tick(T0 + 121)).toEqual([{ kind: 'suppress', alert: lone, reason: 'below_threshold' }]);
    const burst = [blip(1, T0 + 200), blip(2, T0 + 230), blip(3, T0 + 260)];
    expect(m.ingest(burst.slice(0, 2), T0 + 240)).toEqual([]);
    const opened = ofKind(m.ingest(burst.slice(2), T0 + 260), 'open');
    expect(opened).toHaveLength(1);
    expect(opened[0].members).toEqual(burst);
  });

  it('ignores thresholds for a group holding an alert no threshold rule matches', () => {
    const m = manager({
      rules: {
        group_by: ['service'],
        thresholds: [{ matchers: ['alertname=Blip'], min_alerts: 5, within_s: 60 }],
      },
    });
    const decisions = m.ingest(
      [
        intake({ service: 'api', alertname: 'Blip', at: T0 }),
        intake({ service: 'api', alertname: 'Down', at: T0 }),
      ],
      T0 + 30,
    );
    expect(ofKind(decisions, 'open')[0].members).toHaveLength(2);
  });
});

describe('state', () => {
  it('continues identically after snapshot → JSON → restore on another replica', () => {
    const chain = topology([
      ['web', 'api'],
      ['api', 'db'],
    ]);
    const options = { topology: chain, rules: { group_interval_s: 60 } };
    const first = [intake({ service: 'db', at: T0 }), intake({ service: 'web', at: T0 + 5 })];
    const second = [
      intake({ service: 'api', at: T0 + 50 }),
      resolvedOf(first[0], T0 + 80),
      intake({ service: 'solo', at: T0 + 80 }),
    ];
    const original = manager(options);
    original.ingest(first, T0 + 10);
    const replica = manager(options);
    replica.restore(JSON.parse(JSON.stringify(original.snapshot())));
    const run = (m: IncidentManager) => [
      ...m.tick(T0 + 30),
      ...m.ingest(second, T0 + 80),
      ...m.tick(T0 + 200),
      ...m.tick(T0 + 400),
    ];
    const expected = run(original);
    expect(run(replica)).toEqual(expected);
    expect(ofKind(expected, 'open')).toHaveLength(2);
    expect(ofKind(expected, 'attach')).toHaveLength(1);
  });

  it('rejects a snapshot of another version', () => {
    const snapshot = { ...manager().snapshot(), version: 2 } as unknown as ReturnType<
      IncidentManager['snapshot']
    >;
    expect(() => manager().restore(snapshot)).toThrow(/version 2/);
  });

  it('forgets closed incidents, keys and fingerprints after retention_s', () => {
    const m = manager({ rules: { retention_s: 1000, group_interval_s: 0 } });
    const a = intake({ service: 'api', at: T0 });
    m.ingest([a], T0 + 30);
    m.ingest([resolvedOf(a, T0 + 40)], T0 + 40);
    m.tick(T0 + 50);
    expect(m.stats()).toMatchObject({ closed: 1, fingerprints: 1, seen_keys: 2 });
    m.tick(T0 + 1100);
    expect(m.stats()).toMatchObject({ pending: 0, open: 0, closed: 0, fingerprints: 0, seen_keys: 0 });
  });

  it('keeps fingerprints of open incidents past retention, and still resolves them', () => {
    const m = manager({ rules: { retention_s: 100, group_interval_s: 0 } });
    const a = intake({ service: 'api', at: T0 });
    const [open] = ofKind(m.ingest([a], T0 + 30), 'open');
    m.tick(T0 + 5000);
    expect(m.stats().fingerprints).toBe(1);
    expect(ofKind(m.ingest([resolvedOf(a, T0 + 5001)], T0 + 5001), 'resolve_candidate')).toEqual([
      { kind: 'resolve_candidate', incident_id: open.incident_id },
    ]);
  });

  it('caps tracked fingerprints and keys, and resolves a forgotten fingerprint through its group', () => {
    const m = manager({
      rules: { max_tracked_fingerprints: 10, max_tracked_keys: 20, group_by: ['service'] },
    });
    const alerts = Array.from({ length: 100 }, (_, i) =>
      intake({ service: 'api', at: T0 + i, fingerprint: `f${i}`, labels: { pod: `${i}` } }),
    );
    const [open] = ofKind(m.ingest(alerts, T0 + 100), 'open');
    expect(open.members).toHaveLength(100);
    expect(m.stats().fingerprints).toBeLessThanOrEqual(10);
    expect(m.stats().seen_keys).toBeLessThanOrEqual(20);
    const resolves = alerts.map((a, i) => resolvedOf(a, T0 + 200 + i));
    const decisions = m.ingest(resolves, T0 + 400);
    expect(ofKind(decisions, 'attach')[0].alerts).toHaveLength(100);
    expect(ofKind(decisions, 'resolve_candidate')).toHaveLength(1);
  });
});
