/**
 * Memory of the template miner on a long stream (issue #4: bounded memory). Streams `lines`
 * generated log lines, one at a time, two thousand a second of log time: mostly the
 * realistic shapes of bench/template-mining.ts, plus one line in 500 of free text (random
 * words, random length) that no template covers, so an unbounded template table would
 * grow by tens of thousands of entries. Reports the heap before and after (after a forced
 * collection), the heap after each tenth of the stream, the live template count and the
 * throughput. Run as a script (a process of its own, so its heap is the miner's):
 *   tsx bench/support/miner-stream.ts [lines]
 */
import { pathToFileURL } from 'node:url';
import { TemplateMiner } from '../../src/analysis/logs/index.js';
import { Rng } from '../../src/sim/random.js';
import { heapAfterGc, MIB } from './gc.js';

export interface MinerStreamResult {
  lines: number;
  free_text_lines: number;
  templates: number;
  max_templates: number;
  lines_per_s: number;
  heap_before_mb: number;
  heap_after_mb: number;
  /** Heap after a collection at each tenth of the stream. */
  heap_by_tenth_mb: number[];
  peak_rss_mb: number;
}

const SHAPES = [
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
const SYLLABLES = 'ka lo mi nu pe ra si to vu we xa yo zi ba ce di fo gu ha je ko li mo ne'.split(' ');
const FREE_TEXT_EVERY = 500;
const LINES_PER_SECOND = 2000;

export function runMinerStream(lines: number): MinerStreamResult {
  const rng = new Rng(7);
  const word = () => {
    let w = '';
    for (let k = rng.int(2, 4); k > 0; k--) w += rng.pick(SYLLABLES);
    return w;
  };
  const freeText = () => {
    const words: string[] = [];
    for (let k = rng.int(4, 14); k > 0; k--) words.push(word());
    return words.join(' ');
  };
  const heapBefore = heapAfterGc();
  const miner = new TemplateMiner();
  const byTenth: number[] = [];
  const tenth = Math.max(1, Math.floor(lines / 10));
  let freeTextLines = 0;
  let busyMs = 0;
  const t0 = 1_790_000_000;
  let started = performance.now();
  for (let i = 0; i < lines; i++) {
    let line: string;
    if (i % FREE_TEXT_EVERY === FREE_TEXT_EVERY - 1) {
      line = freeText();
      freeTextLines++;
    } else {
      line = SHAPES[(i * 31) % SHAPES.length](i);
    }
    miner.add(line, t0 + i / LINES_PER_SECOND);
    if ((i + 1) % tenth === 0 && byTenth.length < 10) {
      busyMs += performance.now() - started;
      byTenth.push(heapAfterGc());
      started = performance.now();
    }
  }
  busyMs += performance.now() - started;
  const heapAfter = heapAfterGc();
  const mb = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;
  return {
    lines,
    free_text_lines: freeTextLines,
    templates: miner.size,
    max_templates: 5000,
    lines_per_s: Math.round(lines / (busyMs / 1000)),
    heap_before_mb: mb(heapBefore),
    heap_after_mb: mb(heapAfter),
    heap_by_tenth_mb: byTenth.map(mb),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lines = Number(process.argv[2] ?? 10_000_000);
  if (!Number.isInteger(lines) || lines <= 0) {
    console.error('usage: miner-stream.ts [lines]');
    process.exit(2);
  }
  console.log(JSON.stringify(runMinerStream(lines)));
}
