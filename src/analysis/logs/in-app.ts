/**
 * In-app heuristics: a frame is "in app" unless it belongs to the runtime, the standard
 * library or a well-known framework. Lists are prefixes of the frame's function or file.
 */

const JVM_LIBRARY_PREFIXES = [
  'java.',
  'javax.',
  'jakarta.',
  'jdk.',
  'sun.',
  'com.sun.',
  'kotlin.',
  'kotlinx.',
  'scala.',
  'groovy.',
  'org.springframework.',
  'org.apache.',
  'org.hibernate.',
  'org.eclipse.jetty.',
  'org.junit.',
  'io.netty.',
  'io.grpc.',
  'io.micrometer.',
  'reactor.',
  'com.zaxxer.hikari.',
  'com.fasterxml.jackson.',
  'com.google.',
  'okhttp3.',
  'feign.',
];

const DOTNET_LIBRARY_PREFIXES = ['System.', 'Microsoft.', 'Newtonsoft.', 'Npgsql.', 'Grpc.', 'Polly.'];

const PYTHON_LIBRARY_MARKERS = [
  'site-packages',
  'dist-packages',
  '/usr/lib/python',
  '/usr/local/lib/python',
  '/lib/python3',
  '<frozen ',
];

const NODE_LIBRARY_MARKERS = ['node:', 'internal/', 'node_modules', 'native'];

const GO_LIBRARY_FILE_MARKERS = ['/usr/local/go/', '/usr/lib/go', '/go/pkg/mod/', 'GOROOT', '/src/runtime/'];

export function jvmInApp(qualifiedFunction: string): boolean {
  return !JVM_LIBRARY_PREFIXES.some((prefix) => qualifiedFunction.startsWith(prefix));
}

export function dotnetInApp(qualifiedFunction: string): boolean {
  return !DOTNET_LIBRARY_PREFIXES.some((prefix) => qualifiedFunction.startsWith(prefix));
}

export function pythonInApp(file: string): boolean {
  return !PYTHON_LIBRARY_MARKERS.some((marker) => file.includes(marker));
}

export function nodeInApp(file: string): boolean {
  if (file === '' || file === '<anonymous>') return false;
  return !NODE_LIBRARY_MARKERS.some((marker) => file.startsWith(marker) || file.includes(`/${marker}`));
}

/**
 * Go: `main` and packages under a domain (github.com/...) are the app unless their file is
 * in GOROOT or the module cache; packages whose path has no domain are the standard library.
 */
export function goInApp(packagePath: string, file: string | undefined): boolean {
  if (file && GO_LIBRARY_FILE_MARKERS.some((marker) => file.includes(marker))) return false;
  if (packagePath === 'main') return true;
  const firstSegment = packagePath.split('/')[0];
  return firstSegment.includes('.');
}
