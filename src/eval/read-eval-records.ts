import { readFileSync } from 'node:fs';
import type { EvalRecord } from './eval-metrics.js';

/** The records `scripts/eval-records.ts` wrote: one JSON EvalRecord per line. */
export function readEvalRecords(file: string): EvalRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as EvalRecord);
}
