import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../core/index.js';
import { burstFinding, changeVelocity } from './change-velocity.js';

const T = 1_700_000_000;
const change = (minutes: number, service: string, kind: ChangeEvent['kind'] = 'deploy'): ChangeEvent => ({
  timestamp: T + minutes * 60,
  service,
  kind,
});
const lookback = { start: T - 2 * 3600, end: T };
const window = { start: T, end: T + 3600 };

describe('changeVelocity', () => {
  it('flags many changes on several services within minutes, well above the usual pace', () => {
    const changes = [
      change(-100, 'api'),
      change(10, 'api'),
      change(12, 'db', 'config'),
      change(14, 'web'),
      change(16, 'cart', 'feature_flag'),
      change(50, 'api'),
    ];
    const velocity = changeVelocity(changes, lookback, window);
    expect(velocity.baseline_per_hour).toBe(0.5);
    expect(velocity.window_per_hour).toBe(5);
    expect(velocity.burst?.services).toEqual(['api', 'db', 'web', 'cart']);
    const finding = burstFinding(velocity);
    expect(finding).toMatchObject({
      kind: 'change',
      change_kind: 'burst',
      service: null,
      timestamp: T + 600,
    });
    expect(finding?.summary).toContain('4 changes on 4 service(s)');
    expect(finding?.description).toBe('deploy api; config db; deploy web; feature_flag cart');
  });

  it('is no burst when the same pace is usual for this system', () => {
    const usual = Array.from({ length: 40 }, (_, i) => change(-118 + i * 3, `svc-${i % 5}`));
    const changes = [...usual, change(10, 'api'), change(12, 'db'), change(14, 'web'), change(16, 'cart')];
    const velocity = changeVelocity(changes, lookback, window);
    expect(velocity.baseline_per_hour).toBe(20);
    expect(velocity.burst).toBeNull();
    expect(burstFinding(velocity)).toBeNull();
  });

  it('is no burst for a few spread-out changes', () => {
    const velocity = changeVelocity(
      [change(5, 'a'), change(25, 'b'), change(45, 'c'), change(55, 'd')],
      lookback,
      window,
    );
    expect(velocity.burst).toBeNull();
  });
});
