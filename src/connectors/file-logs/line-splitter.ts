/**
 * Cuts a stream of byte chunks into lines with bounded memory: LF or CRLF line ends, a
 * UTF-8 byte-order mark dropped at the start, invalid UTF-8 replaced (U+FFFD) rather than
 * thrown on, and a line longer than `maxLineBytes` cut there (the rest until its newline is
 * dropped and counted).
 */
const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private discarding = false;
  private atStart = true;
  /** Lines that were longer than the limit and were cut. */
  cutLines = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** Feeds a chunk; calls `onLine` for every line it completes. */
  push(chunk: Buffer, onLine: (line: string) => void): void {
    let data = chunk;
    if (this.atStart && data.length > 0) {
      this.atStart = false;
      if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf)
        data = data.subarray(3);
    }
    let start = 0;
    for (;;) {
      const newline = data.indexOf(LF, start);
      if (newline === -1) {
        this.keep(data.subarray(start));
        return;
      }
      this.keep(data.subarray(start, newline));
      this.emit(onLine);
      start = newline + 1;
    }
  }

  /** Emits the last line when it has no newline (end of file). */
  flush(onLine: (line: string) => void): void {
    if (this.pendingBytes > 0 || this.discarding) this.emit(onLine);
  }

  /** Bytes held for an unfinished line. */
  get buffered(): number {
    return this.pendingBytes;
  }

  /** Forgets any unfinished line (after a truncation) and expects a new file start. */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.discarding = false;
    this.atStart = true;
  }

  private keep(part: Buffer): void {
    if (this.discarding || part.length === 0) return;
    const room = this.maxLineBytes - this.pendingBytes;
    if (part.length > room) {
      part = part.subarray(0, room);
      this.discarding = true;
      this.cutLines += 1;
    }
    // Copy: the caller may reuse the chunk's memory for the next read.
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  private emit(onLine: (line: string) => void): void {
    let line = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.discarding = false;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    onLine(line.toString('utf8'));
  }
}
