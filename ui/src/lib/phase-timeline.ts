/**
 * The phase timeline DETECT → REPORT as positioned segments: each phase's offset and width
 * as fractions of the whole run, so that a bar can be drawn without knowing pixel sizes.
 * Phases that ran twice (a follow-up remediation) appear twice.
 */
import type { PhaseRecord } from '../api/types.js';

export interface PhaseSegment {
  phase: PhaseRecord['phase'];
  status: PhaseRecord['status'];
  detail: string;
  duration_ms: number;
  /** From the first phase's start, in milliseconds. */
  offset_ms: number;
  left: number;
  width: number;
}

export interface PhaseTimeline {
  total_ms: number;
  segments: PhaseSegment[];
}

/**
 * Positions phases by their start times (seconds) and durations. Tiny phases get at least
 * `minWidth` of the bar so that their labels stay clickable; the others shrink to make room.
 */
export function phaseTimeline(phases: readonly PhaseRecord[], minWidth = 0.06): PhaseTimeline {
  if (phases.length === 0) return { total_ms: 0, segments: [] };
  const sorted = [...phases].sort((a, b) => a.started_at - b.started_at);
  const t0 = sorted[0].started_at * 1000;
  const end = Math.max(...sorted.map((p) => p.started_at * 1000 + p.duration_ms));
  const total = Math.max(end - t0, 1e-9);
  // Sequential layout by duration share (phases rarely overlap, and gaps carry no meaning).
  const sum = sorted.reduce((acc, p) => acc + p.duration_ms, 0) || 1;
  const raw = sorted.map((p) => p.duration_ms / sum);
  const floorCount = raw.filter((w) => w < minWidth).length;
  const floorShare = Math.min(floorCount * minWidth, 1);
  const restSum = raw.filter((w) => w >= minWidth).reduce((a, b) => a + b, 0) || 1;
  const widths =
    floorCount === raw.length
      ? raw.map(() => 1 / raw.length)
      : raw.map((w) => (w < minWidth ? minWidth : (w / restSum) * (1 - floorShare)));
  let left = 0;
  const segments = sorted.map((p, i): PhaseSegment => {
    const seg = {
      phase: p.phase,
      status: p.status,
      detail: p.detail,
      duration_ms: p.duration_ms,
      offset_ms: p.started_at * 1000 - t0,
      left,
      width: widths[i],
    };
    left += widths[i];
    return seg;
  });
  return { total_ms: total, segments };
}
