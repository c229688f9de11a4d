import { isDotnetFrame, parseDotnetTrace } from './dotnet-trace.js';
import { GO_GOROUTINE, GO_PANIC, parseGoTrace } from './go-trace.js';
import { isJavaFrame, parseJavaTrace } from './java-trace.js';
import { maskVariables } from './mask-variables.js';
import { isNodeFrame, parseNodeTrace } from './node-trace.js';
import { PYTHON_FRAME, PYTHON_TRACEBACK, parsePythonTrace } from './python-trace.js';
import { stableHash } from './stable-hash.js';
import type { RawTrace, StackFrame, StackLanguage, StackTrace } from './stack-trace-types.js';
import { firstLine } from './tokenize-message.js';

export type { StackFrame, StackLanguage, StackTrace } from './stack-trace-types.js';

/** Frames (function names) that make up a fingerprint. */
const FINGERPRINT_FRAMES = 3;
/** Bounds the work on a huge message; real traces are far shorter. */
const MAX_TRACE_LINES = 5000;

type Parser = (lines: readonly string[]) => RawTrace | null;

/** Which language a text's trace is in, from the first unambiguous marker found. */
function detectLanguage(lines: readonly string[]): StackLanguage | null {
  let sawGoPanic = false;
  for (const line of lines) {
    if (PYTHON_TRACEBACK.test(line) || PYTHON_FRAME.test(line)) return 'python';
    if (GO_GOROUTINE.test(line)) return 'go';
    if (GO_PANIC.test(line.trim())) sawGoPanic = true;
    if (isDotnetFrame(line) && !isJavaFrame(line)) return 'dotnet';
    if (isJavaFrame(line)) return 'java';
    if (isNodeFrame(line)) return 'node';
  }
  return sawGoPanic ? 'go' : null;
}

const PARSERS: Record<StackLanguage, Parser> = {
  java: parseJavaTrace,
  python: parsePythonTrace,
  node: parseNodeTrace,
  go: parseGoTrace,
  dotnet: parseDotnetTrace,
};

/** Lambdas and generated names carry per-run numbers; a fingerprint must not. */
function stableFunctionName(fn: string): string {
  return fn
    .replace(/\$\$Lambda.*$/, '$$Lambda')
    .replace(/0x[0-9a-fA-F]+/g, '')
    .replace(/\$\d+/g, '$');
}

/** Stable partition: in-app frames first, each group keeping innermost-first order. */
function inAppFirst(frames: readonly StackFrame[]): StackFrame[] {
  return [...frames.filter((f) => f.in_app), ...frames.filter((f) => !f.in_app)];
}

function finish(language: StackLanguage, raw: RawTrace, depth = 0): StackTrace {
  const frames = inAppFirst(raw.frames);
  const inApp = frames.filter((f) => f.in_app);
  const key = (inApp.length > 0 ? inApp : frames)
    .slice(0, FINGERPRINT_FRAMES)
    .map((f) => stableFunctionName(f.function));
  const message = firstLine(raw.message).trim();
  const trace: StackTrace = {
    language,
    exception_type: raw.exception_type,
    message,
    message_template: maskVariables(message),
    frames,
    fingerprint: stableHash([language, raw.exception_type, ...key].join('\u0000')),
  };
  // Cause chains are short in practice; the bound guards against a pathological input.
  if (raw.caused_by && depth < 32) trace.caused_by = finish(language, raw.caused_by, depth + 1);
  return trace;
}

/**
 * Parses a stack trace in a Java/JVM, Python, Node.js, Go or .NET format, with its cause
 * chain. Log-line prefixes before the trace are tolerated. Returns null when the text holds
 * no recognizable trace.
 *
 * Fingerprint: hash of the language, the exception type and the top three in-app function
 * names (all frames when none is in app), so the same failure with other message values or
 * line numbers has one fingerprint.
 *
 * @example
 * parseStackTrace('java.lang.NullPointerException: x\n\tat com.acme.A.run(A.java:10)')?.exception_type;
 * // 'java.lang.NullPointerException'
 */
export function parseStackTrace(text: string): StackTrace | null {
  if (typeof text !== 'string' || text === '') return null;
  const lines = text.split(/\r?\n|\r/, MAX_TRACE_LINES);
  const language = detectLanguage(lines);
  if (!language) return null;
  const raw = PARSERS[language](lines);
  return raw ? finish(language, raw) : null;
}
