/**
 * `tail -F` for one log file: calls `onRecord` for every record appended after the start
 * (or from the beginning with `from_start`), polling the file's size and identity. It
 * survives truncation (reads again from the top) and rotation (finishes the old file, then
 * follows the new one from its start), waits while the file is missing, and returns when
 * the signal aborts. A record is handed on when the next one starts or the file goes quiet
 * (so a stack trace under an error line stays in one message).
 */
import { type FileHandle, open, stat } from 'node:fs/promises';
import type { LogRecord } from '../../core/telemetry.js';
import { delay } from '../http/retry.js';
import { type FileLogsOptionsInput, FileLogsOptionsSchema } from './file-logs-options.js';
import { createLineParser } from './line-parser.js';
import { LineSplitter } from './line-splitter.js';
import { serviceFromFileName } from './log-files.js';
import { RecordAssembler } from './record-assembler.js';

export interface FollowOptions {
  signal: AbortSignal;
  /** How often to look for new data. Default 250 ms. */
  poll_interval_ms?: number;
  /** Read what the file already holds first. Default false: only lines appended later. */
  from_start?: boolean;
  /** Parsing settings, as for FileLogSource (`path` is not needed). */
  parse?: Omit<FileLogsOptionsInput, 'path'>;
}

const CHUNK_BYTES = 64 * 1024;

/** Follows `path` until `options.signal` aborts; resolves then (never rejects on abort). */
export async function followLogFile(
  path: string,
  onRecord: (record: LogRecord) => void,
  options: FollowOptions,
): Promise<void> {
  const settings = FileLogsOptionsSchema.parse({ ...options.parse, path });
  const assembler = new RecordAssembler(
    createLineParser(settings),
    serviceFromFileName(path),
    settings.max_line_bytes,
    (record) => {
      onRecord(record);
      return true;
    },
  );
  const splitter = new LineSplitter(settings.max_line_bytes);
  const onLine = (line: string) => {
    assembler.push(line);
  };
  const pollMs = options.poll_interval_ms ?? 250;
  const { signal } = options;
  let handle: FileHandle | undefined;
  let inode = -1;
  let position = 0;
  /** Skip what the file holds when following starts; a file created later is read whole. */
  let skipExisting = !options.from_start;

  const drain = async (): Promise<number> => {
    if (!handle) return 0;
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) return total;
      position += bytesRead;
      total += bytesRead;
      splitter.push(buffer.subarray(0, bytesRead), onLine);
    }
  };

  const close = async () => {
    await handle?.close().catch(() => undefined);
    handle = undefined;
  };

  const poll = async () => {
    const current = await stat(path).catch(() => undefined);
    if (!current) skipExisting = false;
    if (current && (!handle || current.ino !== inode)) {
      if (handle) {
        // Rotated: finish the old file, then start the new one from the top.
        await drain();
        splitter.flush(onLine);
        await close();
      }
      handle = await open(path, 'r').catch(() => undefined);
      if (handle) {
        const opened = await handle.stat();
        if (opened.ino !== inode) {
          // A new file (or the first): skip what it holds only when following starts.
          position = skipExisting ? opened.size : 0;
          splitter.reset();
        }
        inode = opened.ino;
        skipExisting = false;
      }
    } else if (current && current.size < position) {
      // Truncated in place (copytruncate): read again from the top.
      position = 0;
      splitter.reset();
      assembler.flush();
    }
    return drain();
  };

  try {
    while (!signal.aborted) {
      // An I/O error (file replaced mid-read, permissions) closes the file; the next poll reopens it.
      const read = await poll().catch(async () => {
        await close();
        return 0;
      });
      if (read === 0) {
        // Quiet: a line without its newline is still being written; a finished record can go.
        if (splitter.buffered === 0) assembler.flush();
        await delay(pollMs, signal).catch(() => undefined);
      }
    }
  } finally {
    await close();
    splitter.flush(onLine);
    assembler.flush();
  }
}
