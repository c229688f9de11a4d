/**
 * `{{name}}` placeholders in actuator templates. Values come from a plan step, and some of
 * them (alert labels) from the outside world, so every value is escaped for the place it
 * lands in: URL-encoded in a URL, JSON-string-escaped in a JSON body, refused in a header
 * when it holds a line break. A placeholder with no value for the step is an error naming
 * the template field, never an empty string.
 */

export type TemplateValue = string | number | boolean;
export type Variables = Readonly<Record<string, TemplateValue>>;
export type Escape = (value: string, name: string) => string;

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_][A-Za-z0-9_.\-/]*)\s*\}\}/g;
const EXACT_PLACEHOLDER = /^\{\{\s*([A-Za-z0-9_][A-Za-z0-9_.\-/]*)\s*\}\}$/;

/** A template that cannot be rendered for this step; `field` is the config key of the template. */
export class TemplateError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'TemplateError';
  }
}

/** The variable names a template uses, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** The variable a template consists of, when it is exactly one placeholder. */
export function soleVariable(template: string): string | undefined {
  return EXACT_PLACEHOLDER.exec(template)?.[1];
}

export function render(template: string, vars: Variables, escapeValue: Escape, field: string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new TemplateError(field, `{{${name}}} has no value for this step`);
    try {
      return escapeValue(String(value), name);
    } catch (error) {
      throw new TemplateError(field, error instanceof Error ? error.message : String(error));
    }
  });
}

/** Escapers per context. Each throws when a value cannot be made safe there. */
export const ESCAPE = {
  /** A path segment or query value: every reserved character percent-encoded. */
  url: (value: string, name: string) => {
    if (value === '.' || value === '..') {
      throw new Error(`{{${name}}} is ${JSON.stringify(value)}, a relative path segment; refused in a URL`);
    }
    return encodeURIComponent(value);
  },
  /** Inside a JSON string literal. */
  jsonString: (value: string) => JSON.stringify(value).slice(1, -1),
  /** A header value: no line breaks or NUL, which would split the header. */
  header: (value: string, name: string) => {
    if (/[\r\n\0]/.test(value)) throw new Error(`{{${name}}} holds a line break or NUL; refused in a header`);
    return value;
  },
  /** Values that are serialised afterwards (JSON.stringify, URLSearchParams, argv). */
  none: (value: string) => value,
} satisfies Record<string, Escape>;

/**
 * Where a JSON text template puts a placeholder outside a string literal (`{"n": {{x}}}`),
 * which would let a value add JSON structure; undefined when all are inside strings.
 */
export function placeholderOutsideJsonString(template: string): string | undefined {
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' && template[i + 1] === '{') {
      const match = /^\{\{\s*([A-Za-z0-9_][A-Za-z0-9_.\-/]*)\s*\}\}/.exec(template.slice(i));
      if (match) return match[1];
    }
  }
  return undefined;
}
