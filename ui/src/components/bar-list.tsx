/** Horizontal bars for small categorical data (decisions, root causes, strategy success). */

export interface Bar {
  label: string;
  /** Bar length as a fraction of the longest bar (0..1). */
  fraction: number;
  text: string;
  tone?: 'good' | 'risk' | 'neutral';
}

export function BarList(props: { bars: readonly Bar[]; label: string; empty?: string }) {
  if (props.bars.length === 0) return <p class="muted">{props.empty ?? 'No data yet.'}</p>;
  return (
    <ul class="bar-list" aria-label={props.label}>
      {props.bars.map((b) => (
        <li key={b.label}>
          <span class="bar-label">{b.label}</span>
          <span class="bar-track" aria-hidden="true">
            <span
              class={`bar-fill tone-${b.tone ?? 'neutral'}`}
              style={{ width: `${Math.max(0, Math.min(1, b.fraction)) * 100}%` }}
            />
          </span>
          <span class="bar-text">{b.text}</span>
        </li>
      ))}
    </ul>
  );
}

/** Bars scaled to the largest count. */
export function countBars(entries: readonly { label: string; count: number }[]): Bar[] {
  const max = Math.max(1, ...entries.map((e) => e.count));
  const total = entries.reduce((sum, e) => sum + e.count, 0) || 1;
  return [...entries]
    .sort((a, b) => b.count - a.count)
    .map((e) => ({
      label: e.label,
      fraction: e.count / max,
      text: `${e.count} (${Math.round((e.count / total) * 100)}%)`,
    }));
}
