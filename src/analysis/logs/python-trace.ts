import { pythonInApp } from './in-app.js';
import type { RawTrace, StackFrame } from './stack-trace-types.js';

export const PYTHON_TRACEBACK = /^\s*Traceback \(most recent call last\):\s*$/;
export const PYTHON_FRAME = /^\s+File "([^"]+)", line (\d+)(?:, in (.+?))?\s*$/;
export const PYTHON_CHAIN =
  /^\s*(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
const PYTHON_EXCEPTION = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;

function moduleOf(file: string): string | undefined {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return name.endsWith('.py') ? name.slice(0, -3) : undefined;
}

function parseSegment(lines: readonly string[]): RawTrace | null {
  const frames: StackFrame[] = [];
  let exception: RawTrace | null = null;
  let seenTraceback = false;
  for (const line of lines) {
    if (PYTHON_TRACEBACK.test(line)) {
      seenTraceback = true;
      continue;
    }
    const frame = PYTHON_FRAME.exec(line);
    if (frame) {
      const file = frame[1];
      const parsed: StackFrame = {
        function: frame[3] ?? '<module>',
        file,
        line: Number(frame[2]),
        in_app: pythonInApp(file),
      };
      const module = moduleOf(file);
      if (module) parsed.module = module;
      frames.push(parsed);
      continue;
    }
    if (!seenTraceback || /^\s/.test(line) || line.trim() === '') continue;
    const match = PYTHON_EXCEPTION.exec(line.trim());
    if (match && !exception)
      exception = { exception_type: match[1], message: (match[2] ?? '').trim(), frames: [] };
  }
  if (!seenTraceback) return null;
  // Python prints the innermost call last.
  frames.reverse();
  return {
    exception_type: exception?.exception_type ?? 'UnknownError',
    message: exception?.message ?? '',
    frames,
  };
}

/**
 * Parses a Python traceback. With chained exceptions Python prints the cause first and the
 * exception that escaped last; the result is that last one, with the chain in `caused_by`.
 */
export function parsePythonTrace(lines: readonly string[]): RawTrace | null {
  const segments: string[][] = [[]];
  for (const line of lines) {
    if (PYTHON_CHAIN.test(line)) segments.push([]);
    else segments[segments.length - 1].push(line);
  }
  let result: RawTrace | null = null;
  for (const segment of segments) {
    const parsed = parseSegment(segment);
    if (!parsed) continue;
    if (result) parsed.caused_by = result;
    result = parsed;
  }
  return result;
}
