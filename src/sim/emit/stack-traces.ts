/**
 * Multi-line stack traces in the shape each runtime prints them, so log parsers meet the
 * real thing: Java (with `Caused by:`), Python tracebacks, Node.js errors, Go panics.
 */
import type { Rng } from '../random.js';

export interface Frame {
  fn: string;
  file: string;
}

/** `com.shop.payment` for payment-service. */
export function javaPackage(service: string): string {
  const base = service.replace(/-service$/, '').replace(/[^a-z0-9]/gi, '');
  return `com.shop.${base.toLowerCase()}`;
}

export function javaTrace(
  headline: string,
  frames: Frame[],
  rng: Rng,
  cause?: { headline: string; frames: Frame[] },
): string {
  const lines = [headline, ...frames.map((f) => `\tat ${f.fn}(${f.file}:${rng.int(21, 480)})`)];
  if (cause) {
    lines.push(`Caused by: ${cause.headline}`);
    lines.push(...cause.frames.map((f) => `\tat ${f.fn}(${f.file}:${rng.int(21, 480)})`));
    lines.push(`\t... ${rng.int(38, 96)} common frames omitted`);
  }
  return lines.join('\n');
}

export function pythonTrace(frames: Frame[], finalLine: string, rng: Rng): string {
  const lines = ['Traceback (most recent call last):'];
  for (const f of frames) {
    lines.push(`  File "${f.file}", line ${rng.int(12, 640)}, in ${f.fn}`);
  }
  lines.push(finalLine);
  return lines.join('\n');
}

export function nodeTrace(headline: string, frames: Frame[], rng: Rng): string {
  return [
    headline,
    ...frames.map((f) => `    at ${f.fn} (${f.file}:${rng.int(8, 300)}:${rng.int(3, 40)})`),
  ].join('\n');
}

export function goPanic(headline: string, frames: Frame[], rng: Rng): string {
  const lines = [`panic: ${headline}`, '', `goroutine ${rng.int(20, 9000)} [running]:`];
  for (const f of frames) {
    lines.push(`${f.fn}(...)`);
    lines.push(`\t${f.file}:${rng.int(20, 400)} +0x${rng.hex(3)}`);
  }
  return lines.join('\n');
}

/** Application frames of a service in its language's usual layout. */
export function appFrames(service: string, language: string, verbs: string[]): Frame[] {
  const short = service.replace(/-service$/, '').replace(/[^a-z0-9]/gi, '');
  const cls = short[0].toUpperCase() + short.slice(1);
  switch (language) {
    case 'java': {
      const pkg = javaPackage(service);
      return verbs.map((verb, i) => {
        const layer = ['service', 'web', 'repository'][i % 3];
        const suffix = { service: 'Service', web: 'Controller', repository: 'Repository' }[layer];
        return { fn: `${pkg}.${layer}.${cls}${suffix}.${verb}`, file: `${cls}${suffix}.java` };
      });
    }
    case 'python':
      return verbs.map((verb, i) => ({
        fn: verb,
        file: `/app/${short}/${['views', 'services', 'repository'][i % 3]}.py`,
      }));
    case 'node':
      return verbs.map((verb, i) => ({
        fn: verb,
        file: `/app/src/${['routes', 'services', 'clients'][i % 3]}/${short}.js`,
      }));
    default:
      return verbs.map((verb, i) => ({
        fn: `github.com/shop/${short}/internal/${['handler', 'service', 'store'][i % 3]}.(*${cls}).${verb}`,
        file: `/src/internal/${['handler', 'service', 'store'][i % 3]}/${short}.go`,
      }));
  }
}
