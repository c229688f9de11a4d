import type { ChangeFinding } from '../core/index.js';
import type { ServiceEvidence } from './service-evidence.js';

const CHANGE_KINDS_BY_CAUSE = {
  deployment_regression: new Set(['deploy']),
  config_change: new Set(['config', 'feature_flag']),
} as const;

export interface SuspectChange {
  change: ChangeFinding;
  /** 0..1: how well the change's timing explains the service's own onset. */
  kernel: number;
  secondsBeforeOnset: number;
}

/** Decay scale of the time-to-onset kernel: a change 20 minutes before onset keeps ~37%. */
const KERNEL_SECONDS = 1200;

/**
 * The change on this service that best explains its onset, for deploys or config changes.
 * A change after the onset (beyond the tolerance) explains nothing.
 */
export function suspectChange(
  evidence: ServiceEvidence,
  cause: keyof typeof CHANGE_KINDS_BY_CAUSE,
  onset: number,
  toleranceSeconds: number,
): SuspectChange | undefined {
  let best: SuspectChange | undefined;
  for (const change of evidence.changes) {
    if (!CHANGE_KINDS_BY_CAUSE[cause].has(change.change_kind)) continue;
    const before = onset - change.timestamp;
    if (before < -toleranceSeconds) continue;
    const kernel = Math.exp(-Math.max(0, before) / KERNEL_SECONDS);
    if (!best || kernel > best.kernel) best = { change, kernel, secondsBeforeOnset: before };
  }
  return best;
}

/** The strongest change-based explanation of either kind (0..1). */
export function anyChangeKernel(evidence: ServiceEvidence, onset: number, toleranceSeconds: number): number {
  const deploy = suspectChange(evidence, 'deployment_regression', onset, toleranceSeconds)?.kernel ?? 0;
  const config = suspectChange(evidence, 'config_change', onset, toleranceSeconds)?.kernel ?? 0;
  return Math.max(deploy, config);
}
