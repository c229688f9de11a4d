/**
 * Template mining throughput (lines/s, single core) and memory on realistic mixed logs, in
 * two workloads:
 * - `8 shapes`: 8 realistic shapes with numbers, IPs, block ids, hex sessions, durations;
 * - `4,000 events`: half of the lines from those shapes, half from 4,000 generated event
 *   types (3-16 words from a 3,000-word vocabulary, 1-3 variables each: numbers, IPs,
 *   durations, hex ids, key=value pairs, paths), drawn with a heavy head as real logs are,
 *   so the miner holds thousands of live templates, many in the same tree leaf.
 * Lines carry timestamps 2,000 lines a second apart (they feed the per-minute counts).
 * Both the wall-clock rate and the rate per CPU second of this process are reported; the
 * second is what a loaded machine disturbs least.
 * Usage: tsx bench/template-mining.ts [--lines N] [--events N]
 */
import { TemplateMiner } from '../src/analysis/logs/index.js';
import { Rng } from '../src/sim/random.js';
import { heapAfterGc, MIB } from './support/gc.js';
import { loadDescription, numberArg } from './support/latency-stats.js';
import { ownCpuMs } from './support/process-cpu.js';

const total = numberArg('lines', 500_000);
/** Log time of the lines: a busy service's rate, as in bench/support/miner-stream.ts. */
const T0 = 1_790_000_000;
const LINES_PER_SECOND = 2000;
const eventTypes = numberArg('events', 4000);

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

const shapeLine = (i: number) => SHAPES[(i * 31) % SHAPES.length](i);

const SYLLABLES = 'ka lo mi nu pe ra si to vu we xa yo zi ba ce di fo gu ha je ko li mo ne'.split(' ');
const COMMON = 'the to for of in on from with failed error request connection user job not is at'.split(' ');
type Variable = (rng: Rng) => string;
const VARIABLES: Variable[] = [
  (rng) => String(rng.int(0, 99_999)),
  (rng) => `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}:${rng.int(1024, 65535)}`,
  (rng) => `${rng.int(1, 30_000)}ms`,
  (rng) => rng.int(0x10000000, 0x7fffffff).toString(16),
  (rng) => `id=${rng.int(0, 1_000_000)}`,
  (rng) => `/var/data/part-${rng.int(0, 999)}/chunk`,
];

/** Generated event types: words, with variable generators in some positions. */
function eventTypesFor(count: number, rng: Rng): Array<Array<string | Variable>> {
  const vocabulary: string[] = [];
  for (let i = 0; i < 3000; i++) {
    let word = '';
    for (let k = rng.int(2, 4); k > 0; k--) word += rng.pick(SYLLABLES);
    vocabulary.push(word);
  }
  const events: Array<Array<string | Variable>> = [];
  for (let e = 0; e < count; e++) {
    const length = rng.int(3, 16);
    const tokens: Array<string | Variable> = [];
    for (let t = 0; t < length; t++) tokens.push(rng.chance(0.2) ? rng.pick(COMMON) : rng.pick(vocabulary));
    for (let v = rng.int(1, Math.min(3, length - 1)); v > 0; v--)
      tokens[rng.int(1, length - 1)] = rng.pick(VARIABLES);
    events.push(tokens);
  }
  return events;
}

function manyEventLines(count: number, events: number): string[] {
  const rng = new Rng(11);
  const types = eventTypesFor(events, rng);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      lines.push(shapeLine(i));
      continue;
    }
    // A heavy head: a few event types make most lines, every type shows up.
    const type = types[Math.floor(types.length * rng.next() ** 3)];
    lines.push(type.map((token) => (typeof token === 'string' ? token : token(rng))).join(' '));
  }
  return lines;
}

interface WorkloadResult {
  workload: string;
  lines: number;
  templates: number;
  lines_per_s: number;
  lines_per_cpu_s: number;
  /** Heap the miner holds at the end. */
  miner_heap_kb: number;
}

function mine(workload: string, lines: readonly string[]): WorkloadResult {
  let miner: TemplateMiner | null = new TemplateMiner();
  heapAfterGc();
  const cpu = ownCpuMs();
  const started = performance.now();
  for (let i = 0; i < lines.length; i++) miner.add(lines[i], T0 + i / LINES_PER_SECOND);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (ownCpuMs() - cpu) / 1000;
  const templates = miner.size;
  // The miner's own memory: the heap with it, less the heap once it is gone.
  const heapWith = heapAfterGc();
  miner = null;
  const heapWithout = heapAfterGc();
  return {
    workload,
    lines: lines.length,
    templates,
    lines_per_s: Math.round(lines.length / seconds),
    lines_per_cpu_s: Math.round(lines.length / cpuSeconds),
    miner_heap_kb: Math.round((heapWith - heapWithout) / 1024),
  };
}

const rssBefore = process.memoryUsage().rss;
const results = [
  mine(
    '8 shapes',
    Array.from({ length: total }, (_, i) => shapeLine(i)),
  ),
  mine(`${eventTypes.toLocaleString('en')} events`, manyEventLines(total, eventTypes)),
];
console.log(
  JSON.stringify(
    {
      benchmark: 'template mining',
      results,
      rss_growth_mb: Math.round((process.memoryUsage().rss - rssBefore) / MIB),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      load_average: loadDescription(),
    },
    null,
    2,
  ),
);
