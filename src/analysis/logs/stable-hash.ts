/**
 * FNV-1a (32-bit) over UTF-16 code units, as 8 lowercase hex digits. Chosen for ids and
 * fingerprints because it is tiny, fast, dependency-free and identical on every platform;
 * it is not a cryptographic hash.
 */
export function stableHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
