/**
 * What the learning model holds, for people: base rates against the defaults, the success
 * rates learned per (strategy, cause, mechanism), corrections and calibration. `afr replay`
 * prints it.
 */
import { CAUSE_KINDS, type Cause, type Strategy } from '../core/index.js';
import { DEFAULT_PRIORS } from '../reasoning/priors.js';
import { defaultPrior } from '../remediation/success-model.js';
import type { Lessons } from './lessons.js';

export interface LearningSummary {
  incidents: number;
  confirmed: number;
  false_alarms: number;
  base_rates: { cause: Cause | 'false_alarm'; default: number; learned: number; confirmed: number }[];
  success_rates: {
    strategy: Strategy;
    cause: Cause;
    mechanism: string;
    prior: number;
    learned: number;
    successes: number;
    failures: number;
  }[];
  corrections: Lessons['counts']['corrections'];
  /** Of confirmed incidents with a root cause named by afr: the share it got right, and its mean confidence. */
  calibration: { points: number; accuracy: number | null; mean_confidence: number | null };
}

export function summariseLessons(lessons: Lessons): LearningSummary {
  const { counts, priors } = lessons;
  const successRates = [...counts.outcomes].map(([key, c]) => {
    const [strategy, cause, mechanism] = key.split('|') as [Strategy, Cause, string];
    const prior = defaultPrior(strategy, cause, mechanism);
    return {
      strategy,
      cause,
      mechanism,
      prior: prior.alpha / (prior.alpha + prior.beta),
      learned: lessons.successModel.predict(strategy, cause, mechanism),
      successes: c.successes,
      failures: c.failures,
    };
  });
  const points = counts.calibration;
  return {
    incidents: lessons.records.length,
    confirmed: counts.confirmed,
    false_alarms: counts.falseAlarms,
    base_rates: [
      ...CAUSE_KINDS.map((cause) => ({
        cause,
        default: DEFAULT_PRIORS.cause[cause],
        learned: priors.cause[cause],
        confirmed: counts.causes[cause] ?? 0,
      })),
      {
        cause: 'false_alarm' as const,
        default: DEFAULT_PRIORS.none,
        learned: priors.none,
        confirmed: counts.falseAlarms,
      },
    ],
    success_rates: successRates.sort((a, b) => b.successes + b.failures - (a.successes + a.failures)),
    corrections: counts.corrections,
    calibration: {
      points: points.length,
      accuracy: points.length ? points.filter((p) => p.correct).length / points.length : null,
      mean_confidence: points.length ? points.reduce((s, p) => s + p.confidence, 0) / points.length : null,
    },
  };
}

export function renderLearningSummary(s: LearningSummary): string {
  const f = (x: number) => x.toFixed(2);
  const lines = [
    `learning history: ${s.incidents} incidents, ${s.confirmed} with a confirmed root cause (${s.false_alarms} false alarms)`,
    'base rates (default -> learned, confirmed incidents):',
    ...s.base_rates.map(
      (b) => `  ${b.cause.padEnd(24)} ${f(b.default)} -> ${f(b.learned)}  (${b.confirmed})`,
    ),
    'success rates (prior -> learned, successes/failures):',
    ...(s.success_rates.length
      ? s.success_rates.map(
          (r) =>
            `  ${r.strategy} for ${r.cause} (${r.mechanism}): ${f(r.prior)} -> ${f(r.learned)}  (${r.successes}/${r.failures})`,
        )
      : ['  none yet']),
    `corrections: ${s.corrections.root_cause_overrides} root causes overridden, ${s.corrections.plan_overrides} plans overridden, ${s.corrections.rejections} plans rejected`,
    `calibration: ${
      s.calibration.points
        ? `${s.calibration.points} confirmed, right ${f(s.calibration.accuracy ?? 0)} at mean confidence ${f(s.calibration.mean_confidence ?? 0)}`
        : 'no confirmed root cause yet'
    }`,
  ];
  return `${lines.join('\n')}\n`;
}
