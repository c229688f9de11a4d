import { jvmInApp } from './in-app.js';
import type { RawTrace, StackFrame } from './stack-trace-types.js';

/** `at [loader/][module@version/]pkg.Class.method(Source.java:12)` */
export const JAVA_FRAME = /^\s*at\s+([^\s(]+)\(([^()]*)\)\s*$/;
const JAVA_SOURCE = /^(.+?\.(?:java|kt|kts|scala|groovy|clj|jsp)):(\d+)$/;
const JAVA_OPAQUE_SOURCE = /^(?:Native Method|Unknown Source|SourceFile|[\w$.-]+\.(?:java|kt|scala|groovy))$/;
const JAVA_HEADER =
  /^\s*(?:Exception in thread "[^"]*"\s+)?(?:Caused by:\s*|Suppressed:\s*)?([A-Za-z_$][\w$]*(?:\.[\w$]+)+|[A-Z][\w$]*(?:Exception|Error|Throwable))(?::\s?(.*))?$/;
const CAUSED_BY = /^Caused by:\s*/;
const SUPPRESSED = /^\s*Suppressed:\s*/;

/** True when a line is a JVM frame (its parentheses hold a source file, or a JVM marker). */
export function isJavaFrame(line: string): boolean {
  const match = JAVA_FRAME.exec(line);
  return match !== null && (JAVA_SOURCE.test(match[2]) || JAVA_OPAQUE_SOURCE.test(match[2]));
}

function parseJavaFrame(line: string): StackFrame | null {
  const match = JAVA_FRAME.exec(line);
  if (!match) return null;
  const qualified = match[1].slice(match[1].lastIndexOf('/') + 1);
  const lastDot = qualified.lastIndexOf('.');
  const frame: StackFrame = { function: qualified, in_app: jvmInApp(qualified) };
  if (lastDot > 0) frame.module = qualified.slice(0, lastDot);
  const source = JAVA_SOURCE.exec(match[2]);
  if (source) {
    frame.file = source[1];
    frame.line = Number(source[2]);
  } else if (match[2].includes('.')) {
    frame.file = match[2];
  }
  return frame;
}

function parseHeader(line: string): { exception_type: string; message: string } | null {
  const match = JAVA_HEADER.exec(line);
  if (!match) return null;
  return { exception_type: match[1], message: (match[2] ?? '').trim() };
}

/** Parses a JVM stack trace with its `Caused by:` chain; null without any frame. */
export function parseJavaTrace(lines: readonly string[]): RawTrace | null {
  const firstFrame = lines.findIndex(isJavaFrame);
  if (firstFrame < 0) return null;
  let header: { exception_type: string; message: string } | null = null;
  for (let i = firstFrame - 1; i >= 0 && !header; i--) header = parseHeader(lines[i]);
  const root: RawTrace = {
    exception_type: header?.exception_type ?? 'UnknownException',
    message: header?.message ?? '',
    frames: [],
  };
  let current = root;
  let suppressed = false;
  for (let i = firstFrame; i < lines.length; i++) {
    const line = lines[i];
    if (CAUSED_BY.test(line)) {
      const cause = parseHeader(line);
      const next: RawTrace = {
        exception_type: cause?.exception_type ?? 'UnknownException',
        message: cause?.message ?? '',
        frames: [],
      };
      current.caused_by = next;
      current = next;
      suppressed = false;
    } else if (SUPPRESSED.test(line)) {
      suppressed = true;
    } else if (!suppressed) {
      const frame = parseJavaFrame(line);
      if (frame) current.frames.push(frame);
    }
  }
  return root;
}
