import { describe, expect, it } from 'vitest';
import { Alert } from '../core/index.js';
import type { IntakeAlert } from '../store/coordination/coordination.js';
import { MemoryCoordination } from '../store/coordination/memory-coordination.js';
import { IntakeBatcher } from './intake-batcher.js';

const intake = (key: string): IntakeAlert => ({
  key,
  source: 'test',
  alert: Alert.create({ service: 'api', severity: 'high', timestamp: 1 }),
  received_at: 1,
});

describe('IntakeBatcher', () => {
  it('journals concurrent requests in one transaction and answers each in order', async () => {
    const coordination = new MemoryCoordination();
    const batches: number[] = [];
    const recordAlerts = coordination.recordAlerts.bind(coordination);
    coordination.recordAlerts = async (alerts) => {
      batches.push(alerts.length);
      return recordAlerts(alerts);
    };
    const batcher = new IntakeBatcher(coordination);
    const [first, second] = await Promise.all([
      batcher.record([intake('a'), intake('b')]),
      batcher.record([intake('b'), intake('c')]),
    ]);
    expect(first).toEqual(['new', 'new']);
    expect(second).toEqual(['duplicate', 'new']);
    expect(batches).toEqual([4]);
  });

  it('rejects every waiting request when the store fails, and recovers', async () => {
    const coordination = new MemoryCoordination();
    let fail = true;
    const recordAlerts = coordination.recordAlerts.bind(coordination);
    coordination.recordAlerts = async (alerts) => {
      if (fail) throw new Error('store down');
      return recordAlerts(alerts);
    };
    const batcher = new IntakeBatcher(coordination);
    await expect(batcher.record([intake('x')])).rejects.toThrow('store down');
    fail = false;
    expect(await batcher.record([intake('x')])).toEqual(['new']);
  });
});
