/**
 * Reads a GitHub list endpoint page by page, following the `Link` header's `rel="next"` URL
 * (which may name the repository by id, `/repositories/{id}/...`), newest items first,
 * until a page ends before the oldest time wanted or `maxPages` pages were read.
 */
import type { HttpClient } from '../http/http-client.js';

/** The `rel="next"` URL of a Link header, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match?.[2].split(/\s+/).includes('next')) return match[1];
  }
  return undefined;
}

export interface PagedRead<T> {
  firstPath: string;
  query: Record<string, string | number | undefined>;
  /** Turns one page's JSON into items (throws on a malformed page). */
  parse: (json: unknown) => T[];
  /** True when an item is older than the oldest time wanted, so later pages are too. */
  olderThanWanted: (item: T) => boolean;
  maxPages: number;
}

export async function readPages<T>(http: HttpClient, read: PagedRead<T>, signal: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let path = read.firstPath;
  let query: Record<string, string | number | undefined> | undefined = read.query;
  for (let page = 0; page < read.maxPages; page++) {
    const response = await http.request({ path, query }, signal);
    const pageItems = read.parse(response.json());
    items.push(...pageItems);
    const last = pageItems[pageItems.length - 1];
    if (!last || read.olderThanWanted(last)) break;
    const next = nextLink(response.headers.get('link'));
    if (!next) break;
    path = relativeTo(http.baseUrl, next);
    query = undefined;
  }
  return items;
}

/** The part of `url` after the API root, so the client's base URL and auth apply. */
function relativeTo(baseUrl: string, url: string): string {
  const base = new URL(baseUrl);
  const next = new URL(url, baseUrl);
  if (next.origin !== base.origin) throw new Error(`GitHub pagination left the API host: ${url}`);
  const basePath = base.pathname.replace(/\/+$/, '');
  const path = next.pathname.startsWith(`${basePath}/`)
    ? next.pathname.slice(basePath.length)
    : next.pathname;
  return path + next.search;
}
