/** Formatting of durations, times, probabilities and snake_case words for display. */

/** "420 ms", "12.3 s", "4 min 05 s", "2 h 03 min", "3 d 4 h"; "—" for null or non-finite. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? '-' : '';
  if (s < 1) return `${sign}${Math.round(s * 1000)} ms`;
  if (s < 60) return `${sign}${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    return `${sign}${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  }
  if (s < 86400) {
    const h = Math.floor(s / 3600);
    return `${sign}${h} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  }
  const d = Math.floor(s / 86400);
  return `${sign}${d} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** Milliseconds, as formatDuration shows them. */
export function formatMs(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '—' : formatDuration(ms / 1000);
}

/** 0.8734 → "87%"; digits for more precision; "—" for null. */
export function formatPercent(fraction: number | null | undefined, digits = 0): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** 0.8734 → "0.87". */
export function formatProbability(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p.toFixed(2);
}

/** Epoch seconds → "2026-03-01 14:05:09 UTC" (ISO-like, always UTC so that screens agree). */
export function formatTimestamp(epochSeconds: number | null | undefined): string {
  if (epochSeconds === null || epochSeconds === undefined || !Number.isFinite(epochSeconds)) return '—';
  const iso = new Date(epochSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** Epoch seconds → "14:05:09" (UTC). */
export function formatClock(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(11, 19);
}

/** How long ago, from `now` (both epoch seconds): "just now", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(epochSeconds: number, now: number): string {
  const d = now - epochSeconds;
  if (d < 30) return 'just now';
  if (d < 3600) return `${Math.round(d / 60)} min ago`;
  if (d < 86400) return `${Math.round(d / 3600)} h ago`;
  return `${Math.round(d / 86400)} d ago`;
}

/** "connection_pool_exhaustion" → "connection pool exhaustion". */
export function humanize(word: string | null | undefined): string {
  if (!word) return '—';
  return word.replace(/_/g, ' ');
}

/** A compact number: 1234 → "1.23k", 0.000123 → "1.23e-4", 42.5 → "42.5". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const a = Math.abs(value);
  if (a === 0) return '0';
  if (a >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `${(value / 1e3).toPrecision(3)}k`;
  if (a < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/**
 * Tick labels for a time axis spanning `rangeSeconds` (UTC): "14:05" within a day,
 * "03-01 14:05" within a few weeks, "2026-03-01" beyond.
 */
export function timeTickFormatter(rangeSeconds: number): (epochSeconds: number) => string {
  return (t) => {
    const iso = new Date(t * 1000).toISOString();
    if (rangeSeconds <= 86400) return iso.slice(11, 16);
    if (rangeSeconds <= 21 * 86400) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
    return iso.slice(0, 10);
  };
}
