/**
 * LogSource over log files on disk: reads each file as a stream of lines (bounded memory),
 * parses JSON or text lines, keeps the records inside the query, and stops at the query's
 * limit or after `max_bytes` read. Files cannot be searched by time, so every file is read
 * until a budget runs out; the records come back in time order.
 */
import { open } from 'node:fs/promises';
import type { Outcome } from '../../core/outcome.js';
import type { LogQuery, LogSource, QueryContext } from '../../core/ports.js';
import type { LogRecord } from '../../core/telemetry.js';
import { describeLogQuery, LogCollector } from '../log-search.js';
import {
  type FileLogsOptions,
  type FileLogsOptionsInput,
  FileLogsOptionsSchema,
} from './file-logs-options.js';
import { createLineParser, type LineParser } from './line-parser.js';
import { LineSplitter } from './line-splitter.js';
import { resolveLogFiles, serviceFromFileName } from './log-files.js';
import { RecordAssembler } from './record-assembler.js';

const CHUNK_BYTES = 64 * 1024;

export class FileLogSource implements LogSource {
  readonly id: string;
  readonly options: FileLogsOptions;
  private readonly parse: LineParser;

  constructor(options: FileLogsOptions | FileLogsOptionsInput) {
    this.options = FileLogsOptionsSchema.parse(options);
    this.id = this.options.id;
    this.parse = createLineParser(this.options);
  }

  async search(query: LogQuery, ctx: QueryContext): Promise<Outcome<LogRecord[]>> {
    const source = { connector: this.id, query: `${this.options.path} ${describeLogQuery(query)}` };
    // Everything is filtered here: there is no upstream to do it.
    const collector = new LogCollector(query, Number.POSITIVE_INFINITY, { services: true, text: true });
    const budget = { left: this.options.max_bytes, skipped: 0, cut: 0 };
    try {
      for (const file of await resolveLogFiles(this.options.path)) {
        if (collector.full) break;
        if (budget.left <= 0) {
          collector.truncate(`read budget of ${this.options.max_bytes} bytes reached`);
          break;
        }
        await this.readFile(file, collector, budget, ctx.signal);
      }
    } catch (error) {
      collector.fail(error);
    }
    if (budget.skipped) collector.note(`${budget.skipped} unreadable lines skipped`);
    if (budget.cut)
      collector.note(`${budget.cut} lines longer than ${this.options.max_line_bytes} bytes cut`);
    return collector.outcome(source);
  }

  private async readFile(
    file: string,
    collector: LogCollector,
    budget: { left: number; skipped: number; cut: number },
    signal: AbortSignal,
  ): Promise<void> {
    const splitter = new LineSplitter(this.options.max_line_bytes);
    const assembler = new RecordAssembler(
      this.parse,
      serviceFromFileName(file),
      this.options.max_line_bytes,
      (record) => collector.add(record),
    );
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      let running = true;
      const onLine = (line: string) => {
        if (running) running = assembler.push(line);
      };
      while (running) {
        signal.throwIfAborted();
        const want = Math.min(CHUNK_BYTES, budget.left);
        if (want <= 0) {
          collector.truncate(`read budget of ${this.options.max_bytes} bytes reached`);
          break;
        }
        const { bytesRead } = await handle.read(buffer, 0, want, null);
        if (bytesRead === 0) {
          splitter.flush(onLine);
          break;
        }
        budget.left -= bytesRead;
        splitter.push(buffer.subarray(0, bytesRead), onLine);
      }
      if (running) assembler.flush();
    } finally {
      await handle.close();
      budget.skipped += assembler.skipped;
      budget.cut += splitter.cutLines;
    }
  }
}
