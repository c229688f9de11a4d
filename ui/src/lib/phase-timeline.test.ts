import { describe, expect, it } from 'vitest';
import type { PhaseRecord } from '../api/types.js';
import { phaseTimeline } from './phase-timeline.js';

const phase = (name: PhaseRecord['phase'], started_at: number, duration_ms: number): PhaseRecord => ({
  phase: name,
  started_at,
  duration_ms,
  status: 'ok',
  detail: '',
});

describe('phaseTimeline', () => {
  it('lays phases out in order with widths by duration, tiny ones at the minimum width', () => {
    const t = phaseTimeline(
      [phase('investigate', 100.001, 800), phase('detect', 100, 1), phase('decide', 100.801, 200)],
      0.05,
    );
    expect(t.segments.map((s) => s.phase)).toEqual(['detect', 'investigate', 'decide']);
    expect(t.total_ms).toBeCloseTo(1001, 3);
    const [detect, investigate, decide] = t.segments;
    expect(detect.width).toBeCloseTo(0.05);
    expect(investigate.width).toBeCloseTo(0.95 * 0.8, 2);
    expect(decide.width).toBeCloseTo(0.95 * 0.2, 2);
    expect(investigate.left).toBeCloseTo(0.05);
    expect(decide.left + decide.width).toBeCloseTo(1);
    expect(investigate.offset_ms).toBeCloseTo(1, 3);
  });
  it('gives equal widths when every phase is tiny, and handles no phases', () => {
    const t = phaseTimeline([phase('detect', 0, 0), phase('plan', 0, 0)]);
    expect(t.segments.map((s) => s.width)).toEqual([0.5, 0.5]);
    expect(phaseTimeline([])).toEqual({ total_ms: 0, segments: [] });
  });
});
