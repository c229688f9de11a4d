/**
 * A reliability diagram: observed success against predicted confidence per bin, with the
 * diagonal of perfect calibration. Dot area grows with the bin's count.
 */
import type { Insights } from '../api/types.js';
import { formatPercent } from '../lib/format.js';
import type { Palette } from '../lib/theme.js';

const SIZE = 280;
const PAD = 48;

export function ReliabilityDiagram(props: { bins: Insights['calibration']; palette: Palette }) {
  const { bins, palette: p } = props;
  const inner = SIZE - PAD - 16;
  const x = (v: number) => PAD + v * inner;
  const y = (v: number) => SIZE - PAD - v * inner;
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const used = bins.filter((b) => b.count > 0);
  return (
    <figure class="reliability">
      <svg
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        width={SIZE}
        height={SIZE}
        role="img"
        aria-label={`Reliability diagram: ${used.map((b) => `predicted ${formatPercent(b.predicted)} observed ${formatPercent(b.observed)} (${b.count})`).join('; ') || 'no data'}`}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(0)} x2={x(1)} y1={y(t)} y2={y(t)} stroke={p.grid} />
            <line x1={x(t)} x2={x(t)} y1={y(0)} y2={y(1)} stroke={p.grid} />
            <text x={x(t)} y={y(0) + 14} fill={p.muted} font-size="10" text-anchor="middle">
              {t}
            </text>
            <text x={PAD - 6} y={y(t) + 3} fill={p.muted} font-size="10" text-anchor="end">
              {t}
            </text>
          </g>
        ))}
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke={p.muted} stroke-dasharray="4 3" />
        {used.map((b) => (
          <rect
            key={`bar-${b.bin_low}`}
            x={x(b.bin_low) + 1}
            width={Math.max(1, x(b.bin_high) - x(b.bin_low) - 2)}
            y={y(b.observed)}
            height={y(0) - y(b.observed)}
            fill={p.line}
            opacity="0.18"
          />
        ))}
        <polyline
          points={used.map((b) => `${x(b.predicted)},${y(b.observed)}`).join(' ')}
          fill="none"
          stroke={p.line}
          stroke-width="1.5"
        />
        {used.map((b) => (
          <circle
            key={`dot-${b.bin_low}`}
            cx={x(b.predicted)}
            cy={y(b.observed)}
            r={2.5 + 5 * Math.sqrt(b.count / maxCount)}
            fill={p.line}
          >
            <title>
              {`${b.bin_low.toFixed(1)}–${b.bin_high.toFixed(1)}: predicted ${formatPercent(b.predicted)}, observed ${formatPercent(b.observed)}, ${b.count} incidents`}
            </title>
          </circle>
        ))}
        <text x={x(0.5)} y={SIZE - 12} fill={p.text} font-size="11" text-anchor="middle">
          predicted confidence
        </text>
        <text
          x={12}
          y={y(0.5)}
          fill={p.text}
          font-size="11"
          text-anchor="middle"
          transform={`rotate(-90 12 ${y(0.5)})`}
        >
          observed success
        </text>
      </svg>
    </figure>
  );
}
