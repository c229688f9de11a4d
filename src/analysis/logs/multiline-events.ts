import { GO_FILE, GO_FUNCTION, GO_GOROUTINE, GO_PANIC } from './go-trace.js';
import { PYTHON_CHAIN, PYTHON_TRACEBACK } from './python-trace.js';

/** A trace's frames may arrive this many lines after its last line when logs interleave. */
const INTERLEAVE_WINDOW = 50;

const FRAME_LINE = /^\s+(?:at\s|File "|---|\.\.\.\s*\d+\s+(?:more|common frames omitted)|\S+\.go:\d+)/;
const EXPLICIT_CONTINUATION = /^(?:Caused by:|\s*Suppressed:|\s*---> |\s*\[cause\]:|\}\s*$)/;
const PYTHON_EXCEPTION_LINE = /^[A-Za-z_][\w.]*(?::\s.*|:)?$/;

type Mode = 'plain' | 'python' | 'go';

interface OpenEvent {
  lines: string[];
  mode: Mode;
  /** The event holds trace lines, so stray frames may still belong to it. */
  isTrace: boolean;
  lastLine: number;
}

function goContinues(line: string): boolean {
  return (
    line.trim() === '' ||
    GO_GOROUTINE.test(line) ||
    GO_FILE.test(line) ||
    GO_FUNCTION.test(line) ||
    line.startsWith('created by ') ||
    line.startsWith('[signal ') ||
    line.startsWith('exit status ')
  );
}

/**
 * Splits a stream of log lines into events: a line that starts an event, plus the lines
 * that continue it (indented lines, stack frames, `Caused by:`, Python tracebacks up to
 * their exception line, Go panics up to the end of their goroutine dumps). Frame lines
 * that arrive after an unrelated single-line log (interleaved writers) are attached to
 * the most recent trace within a few lines. Events are returned joined by `\n`, in the
 * order they started; blank lines outside traces are dropped.
 */
export function groupMultilineEvents(lines: readonly string[]): string[] {
  const events: OpenEvent[] = [];
  let current: OpenEvent | null = null;
  let lastTrace: OpenEvent | null = null;
  let pendingBlanks = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = String(lines[index] ?? '').replace(/\r$/, '');
    const isFrame = FRAME_LINE.test(line) || EXPLICIT_CONTINUATION.test(line);
    const strayFrame = isFrame && current !== null && !current.isTrace && lastTrace !== null;
    if (strayFrame && lastTrace && index - lastTrace.lastLine <= INTERLEAVE_WINDOW) {
      lastTrace.lines.push(line);
      lastTrace.lastLine = index;
      continue;
    }
    if (current && continues(current, line)) {
      // Blank lines inside an event (Python chains) are kept; trailing ones are not.
      for (; pendingBlanks > 0; pendingBlanks--) current.lines.push('');
      current.lines.push(line);
      current.lastLine = index;
      if (isFrame) current.isTrace = true;
      if (current.isTrace) lastTrace = current;
      if (current.mode === 'python' && !/^\s/.test(line) && PYTHON_EXCEPTION_LINE.test(line))
        current.mode = 'plain';
      continue;
    }
    if (line.trim() === '') {
      pendingBlanks++;
      continue;
    }
    pendingBlanks = 0;
    current = { lines: [line], mode: modeOf(line), isTrace: false, lastLine: index };
    if (current.mode !== 'plain') {
      current.isTrace = true;
      lastTrace = current;
    }
    events.push(current);
  }
  return events.map((event) => trimTrailingBlanks(event.lines).join('\n'));
}

function modeOf(line: string): Mode {
  if (PYTHON_TRACEBACK.test(line)) return 'python';
  if (GO_PANIC.test(line)) return 'go';
  return 'plain';
}

function continues(event: OpenEvent, line: string): boolean {
  if (event.mode === 'go') {
    if (goContinues(line)) return true;
    event.mode = 'plain';
    return false;
  }
  if (event.mode === 'python') {
    return (
      line.trim() === '' ||
      /^\s/.test(line) ||
      PYTHON_CHAIN.test(line) ||
      PYTHON_TRACEBACK.test(line) ||
      PYTHON_EXCEPTION_LINE.test(line)
    );
  }
  if (line.trim() === '') return false;
  if (/^\s/.test(line)) return true;
  if (EXPLICIT_CONTINUATION.test(line)) return true;
  // A chained Python traceback restarts after its "During handling ..." line.
  if (
    PYTHON_CHAIN.test(line) ||
    (PYTHON_TRACEBACK.test(line) && event.lines.some((l) => PYTHON_CHAIN.test(l)))
  ) {
    event.mode = 'python';
    return true;
  }
  return false;
}

function trimTrailingBlanks(lines: string[]): string[] {
  let end = lines.length;
  while (end > 1 && lines[end - 1].trim() === '') end--;
  return lines.slice(0, end);
}
