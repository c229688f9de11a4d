/**
 * Assembles records from parsed lines: continuation lines (a stack trace under an error
 * line) are appended to the record before them, up to a size cap; a record is handed on
 * once the next one starts, or at `flush`. Counts lines it could not use.
 */
import type { LogRecord } from '../../core/telemetry.js';
import type { LineParser } from './line-parser.js';

export class RecordAssembler {
  private pending: LogRecord | undefined;
  /** Lines that were neither a record nor a continuation of one. */
  skipped = 0;

  constructor(
    private readonly parse: LineParser,
    private readonly defaultService: string,
    private readonly maxMessageBytes: number,
    /** Receives each finished record; returning false asks the reader to stop. */
    private readonly emit: (record: LogRecord) => boolean | undefined,
  ) {}

  /** Takes one line; returns false when the receiver asked to stop. */
  push(line: string): boolean {
    const parsed = this.parse(line, this.defaultService);
    switch (parsed.kind) {
      case 'record': {
        const keepGoing = this.flush();
        this.pending = parsed.record;
        return keepGoing;
      }
      case 'continuation':
        if (!this.pending) this.skipped += 1;
        else if (this.pending.message.length + parsed.text.length < this.maxMessageBytes) {
          this.pending.message += `\n${parsed.text}`;
        }
        return true;
      case 'junk':
        this.skipped += 1;
        return true;
      default:
        return true;
    }
  }

  /** Hands on the record being assembled, if any. */
  flush(): boolean {
    const record = this.pending;
    this.pending = undefined;
    return record ? this.emit(record) !== false : true;
  }
}
