/**
 * Template mining throughput (lines/s, single core) and peak memory on realistic mixed logs.
 * Usage: tsx bench/template-mining.ts [--lines N]
 */
import { TemplateMiner } from '../src/analysis/logs/index.js';

const arg = process.argv.indexOf('--lines');
const total = arg > 0 ? Number(process.argv[arg + 1]) : 500_000;
const shapes = [
  (i: number) => `GET /api/v1/orders/${i % 9973} 200 ${i % 300}ms`,
  (i: number) => `Connection from 10.0.${i % 255}.${(i * 7) % 255}:${40000 + (i % 2000)} accepted`,
  (i: number) => `Received block blk_${1000000 + i} of size ${i % 65536} from /10.251.${i % 200}.${i % 100}`,
  (i: number) =>
    `user=${i % 500} action=login result=${i % 7 === 0 ? 'failure' : 'success'} session=${(i * 2654435761).toString(16)}`,
  (i: number) => `Slow query took ${(i % 5000) / 1000}s: SELECT * FROM items WHERE id = ${i}`,
  (i: number) => `HikariPool-1 - Connection is not available, request timed out after ${30000 + (i % 10)}ms`,
  (i: number) => `upstream payment-provider timed out after ${5000 + (i % 100)}ms (attempt ${i % 3}/3)`,
  (i: number) => `Worker ${i % 16} finished job ${i} in ${i % 977}ms`,
];
const lines = Array.from({ length: total }, (_, i) => shapes[(i * 31) % shapes.length](i));
const miner = new TemplateMiner();
const before = process.memoryUsage().rss;
const started = performance.now();
for (let i = 0; i < lines.length; i++) miner.add(lines[i], i);
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify(
    {
      benchmark: 'template mining',
      lines: total,
      templates: miner.size,
      lines_per_s: Math.round(total / seconds),
      rss_growth_mb: Math.round((process.memoryUsage().rss - before) / 2 ** 20),
    },
    null,
    2,
  ),
);
