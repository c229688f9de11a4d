import { describe, expect, it } from 'vitest';
import { failure, type Outcome, ok } from '../core/outcome.js';
import type { NotificationEvent, Notifier, QueryContext } from '../core/ports.js';
import { MemoryStore } from '../store/memory-store.js';
import { type NotifierLogEntry, NotifierRouter } from './notifier-router.js';
import { globMatches, routeMatches } from './route.js';
import { AUDIT_HEAD, eventFixture, signal } from './testing/notification-fixtures.js';

/** A notifier whose behaviour a test scripts: answer after a delay, fail, throw or hang. */
class ScriptedNotifier implements Notifier {
  readonly received: NotificationEvent[] = [];
  readonly signals: AbortSignal[] = [];

  constructor(
    readonly id: string,
    private readonly behaviour: 'ok' | 'fail' | 'throw' | 'hang' = 'ok',
    private readonly delayMs = 0,
  ) {}

  async notify(event: NotificationEvent, ctx: QueryContext): Promise<Outcome<void>> {
    this.received.push(event);
    this.signals.push(ctx.signal);
    if (this.behaviour === 'throw') throw new Error('socket exploded');
    if (this.behaviour === 'hang') return new Promise(() => undefined);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const source = { connector: this.id, query: event.kind };
    return this.behaviour === 'fail'
      ? failure('HTTP 400: invalid_payload', source, false)
      : ok(undefined, source);
  }
}

describe('routes', () => {
  it('match by minimum severity, service glob and kind', () => {
    const event = eventFixture({ severity: 'medium', service: 'payment-service', kind: 'escalated' });
    expect(routeMatches({}, event)).toBe(true);
    expect(routeMatches({ min_severity: 'medium' }, event)).toBe(true);
    expect(routeMatches({ min_severity: 'high' }, event)).toBe(false);
    expect(routeMatches({ min_severity: 'low' }, event)).toBe(true);
    expect(routeMatches({ services: ['payment-*'] }, event)).toBe(true);
    expect(routeMatches({ services: ['checkout', 'orders-?'] }, event)).toBe(false);
    expect(routeMatches({ kinds: ['escalated', 'resolved'] }, event)).toBe(true);
    expect(routeMatches({ kinds: ['resolved'] }, event)).toBe(false);
    expect(routeMatches({ min_severity: 'critical' }, eventFixture({ severity: 'page-me' }))).toBe(false);
    expect(routeMatches({ min_severity: 'high' }, eventFixture({ severity: 'page-me' }))).toBe(true);
  });

  it('globs are anchored, case-insensitive and treat regex characters literally', () => {
    expect(globMatches('Payment-*', 'payment-service')).toBe(true);
    expect(globMatches('pay', 'payment')).toBe(false);
    expect(globMatches('a.b', 'axb')).toBe(false);
    expect(globMatches('svc-?', 'svc-1')).toBe(true);
    expect(globMatches('svc-?', 'svc-12')).toBe(false);
  });
});

describe('NotifierRouter', () => {
  it('delivers only to matching notifiers, concurrently', async () => {
    const slack = new ScriptedNotifier('slack', 'ok', 120);
    const pager = new ScriptedNotifier('pagerduty', 'ok', 120);
    const teams = new ScriptedNotifier('teams');
    const router = new NotifierRouter([
      { notifier: slack, route: {} },
      { notifier: pager, route: { min_severity: 'high' } },
      { notifier: teams, route: { services: ['checkout'] } },
    ]);
    const started = Date.now();
    const outcome = await router.notify(eventFixture(), { signal: signal() });
    expect(Date.now() - started).toBeLessThan(230);
    expect(outcome).toMatchObject({
      kind: 'ok',
      source: {
        connector: 'notifier-router',
        query: 'approval_requested INC-42: delivered to slack, pagerduty',
      },
    });
    expect([slack.received.length, pager.received.length, teams.received.length]).toEqual([1, 1, 0]);

    const none = await router.notify(eventFixture({ severity: 'low', service: 'search' }), {
      signal: signal(),
    });
    expect(none.kind).toBe('ok');
    const nobody = new NotifierRouter([{ notifier: teams, route: { services: ['checkout'] } }]);
    expect((await nobody.notify(eventFixture(), { signal: signal() })).kind).toBe('no_data');
  });

  it('never lets a failing, throwing or hanging notifier block the others or throw', async () => {
    const logs: NotifierLogEntry[] = [];
    const good = new ScriptedNotifier('good');
    const router = new NotifierRouter(
      [
        { notifier: good, route: {} },
        { notifier: new ScriptedNotifier('bad', 'fail'), route: {} },
        { notifier: new ScriptedNotifier('thrower', 'throw'), route: {} },
        { notifier: new ScriptedNotifier('sleeper', 'hang'), route: {} },
      ],
      { deadline_ms: 60, log: (entry) => logs.push(entry) },
    );
    const started = Date.now();
    const outcome = await router.notify(eventFixture(), { signal: signal() });
    expect(Date.now() - started).toBeLessThan(500);
    expect(good.received).toHaveLength(1);
    expect(outcome.kind).toBe('error');
    if (outcome.kind !== 'error') return;
    expect(outcome.message).toBe(
      '3 of 4 notifiers failed: bad: HTTP 400: invalid_payload; thrower: notifier threw: socket exploded; ' +
        'sleeper: no answer within the 60 ms delivery deadline',
    );
    expect(outcome.retryable).toBe(true);
    const warnings = logs.filter((l) => l.level === 'warn');
    expect(warnings.map((l) => [l.notifier, l.incident_id, l.kind])).toEqual([
      ['bad', 'INC-42', 'approval_requested'],
      ['thrower', 'INC-42', 'approval_requested'],
      ['sleeper', 'INC-42', 'approval_requested'],
    ]);
    expect(logs.find((l) => l.notifier === 'good')?.level).toBe('debug');
  });

  it("passes a deadline signal to each notifier and honours the caller's own", async () => {
    const sleeper = new ScriptedNotifier('sleeper', 'hang');
    const router = new NotifierRouter([{ notifier: sleeper, route: {} }], { deadline_ms: 5_000 });
    const outcome = await router.notify(eventFixture(), { signal: AbortSignal.timeout(40) });
    expect(outcome).toMatchObject({
      kind: 'error',
      message: '1 of 1 notifiers failed: sleeper: the caller deadline passed before delivery finished',
    });
    expect(sleeper.signals[0].aborted).toBe(true);
  });

  it('survives a logger that throws', async () => {
    const router = new NotifierRouter([{ notifier: new ScriptedNotifier('bad', 'fail'), route: {} }], {
      log: () => {
        throw new Error('logger down');
      },
    });
    expect((await router.notify(eventFixture(), { signal: signal() })).kind).toBe('error');
  });

  it('in queue mode returns at once, delivers in arrival order and refuses events when full', async () => {
    const slow = new ScriptedNotifier('slow', 'ok', 40);
    const router = new NotifierRouter([{ notifier: slow, route: {} }], { queue_capacity: 2 });
    const started = Date.now();
    const first = await router.notify(eventFixture({ kind: 'incident_opened' }), { signal: signal() });
    const second = await router.notify(eventFixture({ kind: 'approval_requested' }), { signal: signal() });
    const third = await router.notify(eventFixture({ kind: 'action_taken' }), { signal: signal() });
    expect(Date.now() - started).toBeLessThan(35);
    expect(first).toMatchObject({ kind: 'ok', source: { query: 'incident_opened INC-42: queued' } });
    expect(second.kind).toBe('ok');
    // The first event is already being delivered; the queue holds the next two.
    expect(third.kind).toBe('ok');
    const fourth = await router.notify(eventFixture({ kind: 'resolved' }), { signal: signal() });
    expect(fourth).toMatchObject({ kind: 'error', retryable: true });
    expect(fourth.kind === 'error' && fourth.message).toContain('queue full');
    expect(router.queued).toBe(2);

    await router.drain();
    expect(router.queued).toBe(0);
    expect(slow.received.map((e) => e.kind)).toEqual([
      'incident_opened',
      'approval_requested',
      'action_taken',
    ]);

    await router.notify(eventFixture({ kind: 'resolved' }), { signal: signal() });
    await router.drain();
    expect(slow.received.at(-1)?.kind).toBe('resolved');
  });
  it('stamps each event with the audit chain head read when it is delivered', async () => {
    const store = new MemoryStore();
    const append = (action: string) =>
      store.appendAudit({ incident_id: 'INC-42', actor: 'commander', action, detail: {}, at: 1 });
    await append('incident_created');
    const slack = new ScriptedNotifier('slack', 'ok', 30);
    const logged: NotifierLogEntry[] = [];
    const router = new NotifierRouter([{ notifier: slack, route: {} }], {
      auditHead: () => store.auditHead(),
      log: (entry) => logged.push(entry),
      queue_capacity: 5,
    });
    const event = eventFixture({ kind: 'incident_opened' });
    await router.notify(event, { signal: signal() });
    await router.drain();
    const first = await store.auditHead();
    expect(slack.received[0].audit_head).toEqual(first);
    expect(first.seq).toBe(1);
    expect(event.audit_head).toBeUndefined();

    // Queued behind a slow delivery: the head is the one at delivery, after the entry
    // appended meanwhile.
    await router.notify(eventFixture({ kind: 'observed' }), { signal: signal() });
    await router.notify(eventFixture({ kind: 'action_taken' }), { signal: signal() });
    await append('action_applied');
    await router.drain();
    expect(slack.received[1].audit_head).toEqual(first);
    expect(slack.received[2].audit_head).toEqual({ seq: 2, hash: (await store.auditHead()).hash });
    expect(slack.received[2].audit_head?.hash).not.toBe(first.hash);

    // A head already on the event is kept.
    await router.notify(eventFixture({ audit_head: AUDIT_HEAD }), { signal: signal() });
    await router.drain();
    expect(slack.received[3].audit_head).toEqual(AUDIT_HEAD);

    // A store that cannot be read does not stop the notification.
    await store.close();
    await router.notify(eventFixture({ kind: 'escalated' }), { signal: signal() });
    await router.drain();
    expect(slack.received[4]).toMatchObject({ kind: 'escalated' });
    expect(slack.received[4].audit_head).toBeUndefined();
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'audit chain head unreadable; notification sent without it',
        kind: 'escalated',
      }),
    );
  });
});
