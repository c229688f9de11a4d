import { describe, expect, it } from 'vitest';
import { groupMultilineEvents } from './multiline-events.js';
import { parseStackTrace } from './stack-trace.js';

describe('groupMultilineEvents', () => {
  it('joins Java frames and Caused-by lines to their exception', () => {
    const events = groupMultilineEvents([
      'INFO started',
      'java.lang.IllegalStateException: boom',
      '\tat com.acme.A.run(A.java:10)',
      'Caused by: java.io.IOException: disk',
      '\tat com.acme.B.write(B.java:20)',
      '\t... 1 more',
      'INFO next',
    ]);
    expect(events).toHaveLength(3);
    expect(events[1].split('\n')).toHaveLength(5);
    expect(parseStackTrace(events[1])?.caused_by?.exception_type).toBe('java.io.IOException');
  });

  it('keeps a Python traceback with its chain and final exception line together', () => {
    const lines = [
      'ERROR request failed',
      'Traceback (most recent call last):',
      '  File "/app/a.py", line 3, in f',
      '    g()',
      'KeyError: 1',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/app/a.py", line 9, in h',
      'ValueError: bad',
      'INFO next request',
    ];
    const events = groupMultilineEvents(lines);
    expect(events).toEqual([lines[0], lines.slice(1, 11).join('\n'), lines[11]]);
    expect(parseStackTrace(events[1])?.exception_type).toBe('ValueError');
  });

  it('keeps a Go panic with its goroutine dump together', () => {
    const events = groupMultilineEvents([
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a2b3c]',
      '',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/app/main.go:12 +0x1d',
      'exit status 2',
      'level=info msg="restarted"',
    ]);
    expect(events).toHaveLength(2);
    expect(parseStackTrace(events[0])?.frames[0].function).toBe('main.main');
  });

  it('attaches frames that arrive after an interleaved single-line log to their trace', () => {
    const events = groupMultilineEvents([
      'TypeError: x is undefined',
      '    at f (/app/a.js:1:1)',
      'INFO other worker: heartbeat',
      '    at g (/app/b.js:2:2)',
      'INFO done',
    ]);
    expect(events).toEqual([
      'TypeError: x is undefined\n    at f (/app/a.js:1:1)\n    at g (/app/b.js:2:2)',
      'INFO other worker: heartbeat',
      'INFO done',
    ]);
  });

  it('handles CRLF, blank lines and an empty stream', () => {
    expect(groupMultilineEvents([])).toEqual([]);
    expect(groupMultilineEvents(['a\r', '', 'b'])).toEqual(['a', 'b']);
  });
});
