import { detectSeriesAnomaly } from '../src/analysis/anomaly/index.js';
import { createSimWorld } from '../src/sim/index.js';

const [scenario, seed, service, metric] = process.argv.slice(2);
const w = createSimWorld({ scenario: scenario as never, seed: Number(seed) });
const alert = w.runUntilAlert()!;
const pts = w.store.points(metric, service, { start: alert.timestamp - 3600, end: w.now() });
console.log(
  pts
    .filter((_, i) => i % 8 === 0 || i > pts.length - 12)
    .map(([t, v]) => `${Math.round(t - alert.timestamp)}:${v.toFixed(3)}`)
    .join(' '),
);
console.log(
  detectSeriesAnomaly(pts, {
    baselineEnd: alert.timestamp - 1800,
    direction: 'up',
    minAbsoluteChange: Number(process.argv[6] ?? 1),
    minRelativeChange: Number(process.argv[7] ?? 0.3),
  }),
);

import { saturationAnomaly } from '../src/agents/metrics/saturation.js';
import { forecastExhaustion } from '../src/analysis/anomaly/index.js';

console.log(forecastExhaustion(pts, 1), saturationAnomaly(pts, 1));
