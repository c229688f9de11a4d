/**
 * Turns a Datadog query template into concrete queries: one for a single service, or one
 * grouped query (`{tag:*} by {tag}`) that returns a series per service.
 */

/** Characters Datadog allows in a tag value; anything else could rewrite the query. */
const TAG_VALUE = /^[\p{L}\p{N}_\-.:/]+$/u;

/** A scope `{...}` holding the `{service}` placeholder, e.g. `{env:prod,service:{service}}`. */
const SCOPE_WITH_SERVICE = /\{([^{}]*)\{service\}([^{}]*)\}/g;

export function isValidTagValue(value: string): boolean {
  return TAG_VALUE.test(value);
}

function withTag(template: string, serviceTag: string): string {
  return template.replaceAll('{service_tag}', serviceTag);
}

/** The template for one service. The caller checks the value with isValidTagValue first. */
export function serviceQuery(template: string, serviceTag: string, service: string): string {
  return withTag(template, serviceTag).replaceAll('{service}', service);
}

/**
 * The template for every service at once: each scope naming `{service}` matches any value
 * and groups by the service tag. Undefined when the template cannot be grouped that way (no
 * scope holds the placeholder, or it already groups by something).
 */
export function groupedQuery(template: string, serviceTag: string): string | undefined {
  const tagged = withTag(template, serviceTag);
  if (/\}\s*by\s*\{/i.test(tagged) || !tagged.includes('{service}')) return undefined;
  // Every placeholder must sit in a scope, or part of the query would stay unfilled.
  if (tagged.replace(SCOPE_WITH_SERVICE, '').includes('{service}')) return undefined;
  return tagged.replace(SCOPE_WITH_SERVICE, (_m, before: string, after: string) => {
    return `{${before}*${after}} by {${serviceTag}}`;
  });
}
