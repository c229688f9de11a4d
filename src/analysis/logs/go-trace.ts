import { goInApp } from './in-app.js';
import type { RawTrace, StackFrame } from './stack-trace-types.js';

export const GO_PANIC = /^(panic|fatal error):\s?(.*?)(?:\s*\[recovered\])?\s*$/;
export const GO_GOROUTINE = /^goroutine \d+ \[[^\]]*\]:\s*$/;
export const GO_FUNCTION = /^(\S+?)\(([^()]*)\)\s*$/;
export const GO_FILE = /^\s+(\S+\.go|\?\?):(\d+)(?:\s+\+0x[0-9a-fA-F]+)?\s*$/;

/** `github.com/acme/app/store.(*DB).Query` -> `github.com/acme/app/store` */
function packageOf(fn: string): string {
  const slash = fn.lastIndexOf('/');
  const dot = fn.indexOf('.', slash + 1);
  return dot > 0 ? fn.slice(0, dot) : fn;
}

function exceptionOf(kind: string, text: string): { exception_type: string; message: string } {
  if (kind === 'fatal error') return { exception_type: 'fatal error', message: text };
  const runtime = /^runtime error:\s?(.*)$/.exec(text);
  return runtime
    ? { exception_type: 'runtime error', message: runtime[1] }
    : { exception_type: 'panic', message: text };
}

/** Parses a Go panic: the panicking goroutine's frames (the first goroutine block). */
export function parseGoTrace(lines: readonly string[]): RawTrace | null {
  const panicAt = lines.findIndex((line) => GO_PANIC.test(line.trim()));
  const goroutineAt = lines.findIndex((line) => GO_GOROUTINE.test(line));
  if (goroutineAt < 0 && panicAt < 0) return null;
  const panic = panicAt >= 0 ? GO_PANIC.exec(lines[panicAt].trim())! : null;
  const trace: RawTrace = { ...exceptionOf(panic?.[1] ?? 'panic', panic?.[2] ?? ''), frames: [] };
  if (goroutineAt < 0) return trace;
  for (let i = goroutineAt + 1; i < lines.length; i++) {
    const line = lines[i];
    if (GO_GOROUTINE.test(line)) break;
    if (line.startsWith('created by ')) {
      i++;
      continue;
    }
    const fn = GO_FUNCTION.exec(line);
    if (!fn) continue;
    const file = GO_FILE.exec(lines[i + 1] ?? '');
    const packagePath = packageOf(fn[1]);
    const frame: StackFrame = { function: fn[1], module: packagePath, in_app: false };
    if (file) {
      frame.file = file[1];
      frame.line = Number(file[2]);
      i++;
    }
    frame.in_app = !fn[1].startsWith('runtime.') && goInApp(packagePath, frame.file);
    trace.frames.push(frame);
  }
  return trace;
}
