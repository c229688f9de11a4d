/**
 * Streaming anomaly detector throughput (points/s, single core) and memory per series.
 * Usage: tsx bench/detector-throughput.ts [--points N]
 */
import { createStreamingDetector, DETECTOR_NAMES } from '../src/analysis/anomaly/index.js';

const arg = process.argv.indexOf('--points');
const points = arg > 0 ? Number(process.argv[arg + 1]) : 2_000_000;
const values = new Float64Array(points);
let x = 1;
for (let i = 0; i < points; i++) {
  x = (x * 1103515245 + 12345) % 2147483648;
  values[i] = 100 + 10 * Math.sin(i / 500) + (x / 2147483648 - 0.5) * 4 + (i > points / 2 ? 25 : 0);
}
const results: Record<string, { points_per_s: number; bytes_per_series: number }> = {};
for (const name of DETECTOR_NAMES) {
  const n = name === 'bocpd' ? Math.min(points, 200_000) : points;
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const before = used();
  const detectors = Array.from({ length: 1000 }, () => createStreamingDetector(name));
  const bytes = Math.max(0, (used() - before) / 1000);
  const detector = detectors[0];
  for (let i = 0; i < 10_000; i++) detector.update(i * 15, values[i]);
  const started = performance.now();
  for (let i = 0; i < n; i++) detector.update(i * 15, values[i]);
  const seconds = (performance.now() - started) / 1000;
  results[name] = { points_per_s: Math.round(n / seconds), bytes_per_series: Math.round(bytes) };
}
console.log(JSON.stringify({ benchmark: 'streaming detector throughput', points, results }, null, 2));
