import fs from 'node:fs/promises';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { ConfigError, type ConfigIssue, describeValue } from './config-error.js';
import { interpolateEnv } from './interpolate.js';
import { type AfrConfig, AfrConfigSchema } from './schema.js';
import { issuesFromZod } from './zod-issues.js';

/** The file `loadConfig` reads when neither an argument nor AFR_CONFIG names one (if it exists). */
export const DEFAULT_CONFIG_FILE = 'config.yml';

/**
 * Parses and validates config.yml text: YAML, then `${ENV}` interpolation, then the schema.
 * Env AFR_DATA_DIR, when set, overrides `store.data_dir`.
 *
 * @example
 * const config = parseConfig('commander:\n  confidence_threshold: 0.9\n', process.env);
 * @throws ConfigError listing every problem as "path: problem" (YAML syntax errors with line and column).
 */
export function parseConfig(
  text: string,
  env: Record<string, string | undefined> = process.env,
  source = DEFAULT_CONFIG_FILE,
): AfrConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) throw new ConfigError(source, syntaxIssues(text, doc, lineCounter));
  let tree: unknown;
  try {
    tree = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new ConfigError(source, [
      { path: '', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  if (typeof tree !== 'object' || Array.isArray(tree) || tree === null) {
    throw new ConfigError(source, [
      { path: '', message: `expected a mapping of sections at the top level, got ${describeValue(tree)}` },
    ]);
  }
  const interpolated = interpolateEnv(tree, env);
  if (interpolated.issues.length) {
    throw new ConfigError(
      source,
      interpolated.issues.map(({ segments, ...issue }) =>
        withPosition(issue, positionOf(doc, segments, lineCounter)),
      ),
    );
  }
  const parsed = AfrConfigSchema.safeParse(interpolated.value);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error, interpolated.value, AfrConfigSchema).map(
      ({ segments, ...issue }) => withPosition(issue, positionOf(doc, segments, lineCounter)),
    );
    throw new ConfigError(source, issues);
  }
  const config = parsed.data;
  if (env.AFR_DATA_DIR) config.store.data_dir = env.AFR_DATA_DIR;
  return config;
}

/** A complete configuration with every default and no environment applied. */
export function defaultConfig(): AfrConfig {
  return parseConfig('', {}, '(defaults)');
}

/**
 * Reads the config file: `file`, else the file env AFR_CONFIG names, else `./config.yml` when
 * present, else the defaults. A file that was named but cannot be read is a ConfigError.
 */
export async function loadConfig(file?: string, env: NodeJS.ProcessEnv = process.env): Promise<AfrConfig> {
  const named = file || env.AFR_CONFIG;
  const path = named || DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!named && code === 'ENOENT') return parseConfig('', env, '(defaults)');
    const reason =
      code === 'ENOENT' ? 'file not found' : error instanceof Error ? error.message : String(error);
    throw new ConfigError(path, [{ path: '', message: `cannot read the config file: ${reason}` }]);
  }
  return parseConfig(text, env, path);
}

function syntaxIssues(text: string, doc: Document, lineCounter: LineCounter): ConfigIssue[] {
  const issues: ConfigIssue[] = doc.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return {
      path: '',
      message: `YAML syntax error at line ${line}, column ${col}: ${error.message}`,
      line,
      column: col,
    };
  });
  // `{ key: ${VAR} }` is the usual culprit: braces end a plain value inside a flow mapping.
  const lines = text.split(/\r?\n/);
  const culprit = issues.find((issue) => /[{[].*\$\{/.test(lines[(issue.line ?? 0) - 1] ?? ''));
  if (culprit) {
    issues.push({
      path: '',
      message: `hint: quote values that use \${...} inside { } or [ ], e.g. "\${NAME}" (line ${culprit.line})`,
      line: culprit.line,
    });
  }
  return issues;
}

function withPosition(issue: ConfigIssue, position: { line: number; col: number } | undefined): ConfigIssue {
  return position ? { ...issue, line: position.line, column: position.col } : issue;
}

/** Where the deepest existing part of a key path is written in the file (the key itself, for mappings). */
function positionOf(
  doc: Document,
  segments: readonly PropertyKey[],
  lineCounter: LineCounter,
): { line: number; col: number } | undefined {
  let node: unknown = doc.contents;
  let at: Node | undefined;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      at = (pair.key as Node | null) ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      at = item;
      node = item;
    } else break;
  }
  return at?.range ? lineCounter.linePos(at.range[0]) : undefined;
}
