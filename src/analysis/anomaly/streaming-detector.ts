/** The streaming detector registry: names, and a factory that builds one by name. */
import { BocpdDetector } from './bocpd-detector.js';
import { DefaultDetector } from './default-detector.js';
import {
  CusumDetector,
  EwmaDetector,
  RobustZDetector,
  type StreamingDetector,
} from './streaming-detectors.js';
import { normaliseSensitivity } from './streaming-stats.js';

export type { StreamingDetector } from './streaming-detectors.js';
export type DetectorName = string;

const FACTORIES: Record<string, (sensitivity: number) => StreamingDetector> = {
  default: (s) => new DefaultDetector(s),
  'robust-z': (s) => new RobustZDetector(s),
  ewma: (s) => new EwmaDetector(s),
  cusum: (s) => new CusumDetector(s),
  bocpd: (s) => new BocpdDetector(s),
};

/** Names accepted by `createStreamingDetector`. */
export const DETECTOR_NAMES: readonly string[] = Object.freeze(Object.keys(FACTORIES));

/** Thrown for a detector name that is not in DETECTOR_NAMES. */
export class UnknownDetectorError extends Error {
  constructor(readonly detector: string) {
    super(`unknown anomaly detector "${detector}"; known detectors: ${DETECTOR_NAMES.join(', ')}`);
    this.name = 'UnknownDetectorError';
  }
}

/**
 * Builds a fresh online detector. `sensitivity` (0..1, default 0.5) lowers its thresholds as
 * it grows. Throws UnknownDetectorError for a name outside DETECTOR_NAMES.
 *
 * @example
 * const detector = createStreamingDetector('default', { sensitivity: 0.6 });
 * for (const [t, v] of points) scores.push(detector.update(t, v));
 */
export function createStreamingDetector(
  name: DetectorName,
  options?: { sensitivity?: number },
): StreamingDetector {
  const factory = Object.hasOwn(FACTORIES, name) ? FACTORIES[name] : undefined;
  if (!factory) throw new UnknownDetectorError(name);
  return factory(normaliseSensitivity(options?.sensitivity));
}
