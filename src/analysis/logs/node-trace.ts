import { nodeInApp } from './in-app.js';
import type { RawTrace, StackFrame } from './stack-trace-types.js';

/** `at fn (file:line:col)`, `at async fn (file:line:col)`, `at file:line:col` */
const NODE_FRAME = /^\s*at\s+(?:async\s+)?(?:(.+?)\s+\((.+)\)|(.+))\s*$/;
const NODE_LOCATION = /^(.*?):(\d+)(?::\d+)?$/;
const NODE_HEADER = /(?:^|[\s:])((?:[A-Z][\w$]*)?(?:Error|Exception))(?:\s*\[[\w$]+\])?(?::\s?(.*))?$/;
const NODE_CAUSE = /^\s*(?:\[cause\]:\s*|Caused by:\s*)(.*)$/;
const NPM_PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)/;

/** True when a line is a V8 frame with a `file:line:col` location (or a native marker). */
export function isNodeFrame(line: string): boolean {
  const match = NODE_FRAME.exec(line);
  if (!match) return false;
  const location = match[2] ?? match[3];
  return /:\d+:\d+$/.test(location) || location === 'native' || location === '<anonymous>';
}

function parseNodeFrame(line: string): StackFrame | null {
  if (!isNodeFrame(line)) return null;
  const match = NODE_FRAME.exec(line)!;
  const rawLocation = match[2] ?? match[3];
  const location = NODE_LOCATION.exec(rawLocation);
  const file = (location ? location[1] : rawLocation).replace(/^file:\/\//, '');
  const frame: StackFrame = { function: match[1] ?? '<anonymous>', in_app: nodeInApp(file) };
  if (file) frame.file = file;
  if (location) frame.line = Number(location[2]);
  const npmPackage = NPM_PACKAGE.exec(file);
  if (npmPackage) frame.module = npmPackage[1];
  return frame;
}

function parseHeader(line: string): { exception_type: string; message: string } | null {
  const match = NODE_HEADER.exec(line);
  return match ? { exception_type: match[1], message: (match[2] ?? '').trim() } : null;
}

/** Parses a Node.js (V8) stack with `[cause]:` / `Caused by:` chains; null without frames. */
export function parseNodeTrace(lines: readonly string[]): RawTrace | null {
  const firstFrame = lines.findIndex(isNodeFrame);
  if (firstFrame < 0) return null;
  let header: { exception_type: string; message: string } | null = null;
  for (let i = firstFrame - 1; i >= 0 && !header; i--) header = parseHeader(lines[i]);
  const root: RawTrace = {
    exception_type: header?.exception_type ?? 'Error',
    message: header?.message ?? '',
    frames: [],
  };
  let current = root;
  for (let i = firstFrame; i < lines.length; i++) {
    const cause = NODE_CAUSE.exec(lines[i]);
    if (cause) {
      const parsed = parseHeader(cause[1]);
      const next: RawTrace = {
        exception_type: parsed?.exception_type ?? 'Error',
        message: parsed?.message ?? '',
        frames: [],
      };
      current.caused_by = next;
      current = next;
      continue;
    }
    const frame = parseNodeFrame(lines[i]);
    if (frame) current.frames.push(frame);
  }
  return root;
}
