import { dotnetInApp } from './in-app.js';
import type { RawTrace, StackFrame } from './stack-trace-types.js';

/** `at Ns.Class.Method(String arg) in C:\src\File.cs:line 42` */
export const DOTNET_FRAME = /^\s*at\s+([^\s(]+)\(([^()]*)\)(?:\s+in\s+(.+?):line\s+(\d+))?\s*$/;
const INNER_END = /^\s*---\s*End of inner exception stack trace\s*---\s*$/;
const INNER_ARROW = /\s*--->\s*/;
const DOTNET_HEADER = /^\s*(?:Unhandled exception\.\s*)?([A-Za-z_][\w.`]*):\s?(.*)$/;

/** True for a .NET frame: `in file:line N`, or parentheses with typed parameters or none. */
export function isDotnetFrame(line: string): boolean {
  const match = DOTNET_FRAME.exec(line);
  if (!match) return false;
  return match[3] !== undefined || match[2] === '' || /\w \w/.test(match[2]);
}

/** `Ns.Svc.<LoadAsync>d__5.MoveNext` -> `Ns.Svc.LoadAsync`: async state machines are noise. */
function normalizeFunction(qualified: string): string {
  return qualified.replace(/\.<([\w$]+)>d__\d+\.MoveNext$/, '.$1');
}

function parseDotnetFrame(line: string): StackFrame | null {
  if (!isDotnetFrame(line)) return null;
  const match = DOTNET_FRAME.exec(line)!;
  const fn = normalizeFunction(match[1]);
  const frame: StackFrame = { function: fn, in_app: dotnetInApp(fn) };
  const lastDot = fn.lastIndexOf('.');
  if (lastDot > 0) frame.module = fn.slice(0, lastDot);
  if (match[3] !== undefined) {
    frame.file = match[3];
    frame.line = Number(match[4]);
  }
  return frame;
}

function parseHeader(text: string): { exception_type: string; message: string } {
  const match = DOTNET_HEADER.exec(text);
  if (match) return { exception_type: match[1], message: match[2].trim() };
  return { exception_type: text.trim() || 'UnknownException', message: '' };
}

/**
 * Parses a .NET exception (`ToString()` format). Inner exceptions (`--->`) become the
 * `caused_by` chain; the frames before each `--- End of inner exception stack trace ---`
 * belong to the innermost exception not yet given frames.
 */
export function parseDotnetTrace(lines: readonly string[]): RawTrace | null {
  const firstFrame = lines.findIndex(isDotnetFrame);
  if (firstFrame < 0) return null;
  let headerStart = firstFrame - 1;
  while (headerStart > 0 && /^\s*--->/.test(lines[headerStart])) headerStart--;
  const headerText = lines.slice(Math.max(0, headerStart), firstFrame).join(' ');
  const levels: RawTrace[] = headerText
    .split(INNER_ARROW)
    .filter((part) => part.trim() !== '')
    .map((part) => ({ ...parseHeader(part), frames: [] }));
  if (levels.length === 0) levels.push({ exception_type: 'UnknownException', message: '', frames: [] });
  let level = levels.length - 1;
  for (let i = firstFrame; i < lines.length; i++) {
    if (INNER_END.test(lines[i])) {
      level = Math.max(0, level - 1);
      continue;
    }
    const frame = parseDotnetFrame(lines[i]);
    if (frame) levels[level].frames.push(frame);
  }
  for (let i = 0; i + 1 < levels.length; i++) levels[i].caused_by = levels[i + 1];
  return levels[0];
}
