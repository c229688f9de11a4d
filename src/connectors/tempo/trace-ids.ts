/**
 * Trace and span ids arrive hex-encoded (the OTLP/JSON specification, Tempo search, Jaeger)
 * or base64-encoded (protobuf JSON of bytes fields: Tempo trace by id, Jaeger api_v3).
 * Both become lowercase hex.
 */

const HEX = /^[0-9a-f]+$/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Lowercase hex for a hex or base64 id; undefined for an empty or unreadable one. */
export function normalizeId(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  // 8- and 16-byte ids are 16/32 hex characters but 12/24 base64 characters: no overlap.
  if (HEX.test(raw) && (raw.length === 16 || raw.length === 32)) return raw.toLowerCase();
  if (BASE64.test(raw) && raw.length % 4 === 0) {
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.length === 8 || bytes.length === 16) return bytes.toString('hex');
  }
  return HEX.test(raw) ? raw.toLowerCase() : undefined;
}

/** True for an id of only zero bytes (OTLP's "no parent"). */
export function isZeroId(id: string): boolean {
  return /^0+$/.test(id);
}
