/**
 * A uPlot line chart of one series, with shaded windows (anomalies) and vertical lines
 * (changes). Sized to its container; redrawn when the theme or the data change.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Point } from '../api/types.js';
import type { ChangeMarker, TimeWindow } from '../lib/anomaly-windows.js';
import { formatNumber, timeTickFormatter } from '../lib/format.js';
import type { Palette } from '../lib/theme.js';

export interface TimeSeriesChartProps {
  label: string;
  points: readonly Point[];
  windows?: readonly TimeWindow[];
  changes?: readonly ChangeMarker[];
  palette: Palette;
  /** The x range shown at first (double-click shows all the data). */
  focus?: TimeWindow;
  height?: number;
  /** Formats y values on the axis and in the legend. */
  format?: (value: number) => string;
}

function overlays(
  windows: readonly TimeWindow[],
  changes: readonly ChangeMarker[],
  palette: Palette,
): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const { ctx, bbox } = u;
        ctx.save();
        ctx.fillStyle = palette.anomaly;
        for (const w of windows) {
          const x0 = Math.max(bbox.left, u.valToPos(w.start, 'x', true));
          const x1 = Math.min(bbox.left + bbox.width, u.valToPos(w.end, 'x', true));
          if (x1 > x0) ctx.fillRect(x0, bbox.top, Math.max(x1 - x0, 2), bbox.height);
        }
        ctx.restore();
      },
      draw: (u) => {
        const { ctx, bbox } = u;
        ctx.save();
        ctx.strokeStyle = palette.change;
        ctx.fillStyle = palette.change;
        ctx.lineWidth = Math.max(1, devicePixelRatio);
        ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
        ctx.font = `${10 * devicePixelRatio}px system-ui, sans-serif`;
        for (const c of changes) {
          const x = Math.round(u.valToPos(c.t, 'x', true));
          if (x < bbox.left || x > bbox.left + bbox.width) continue;
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
          ctx.fillText(c.kind, x + 3 * devicePixelRatio, bbox.top + 11 * devicePixelRatio);
        }
        ctx.restore();
      },
    },
  };
}

export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const {
    label,
    points,
    windows = [],
    changes = [],
    palette,
    focus,
    height = 180,
    format = formatNumber,
  } = props;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const tick = timeTickFormatter(xs.length > 1 ? xs[xs.length - 1] - xs[0] : 0);
    const axis = {
      stroke: palette.muted,
      grid: { stroke: palette.grid, width: 1 },
      ticks: { stroke: palette.grid, width: 1 },
    };
    const options: uPlot.Options = {
      width: Math.max(el.clientWidth, 200),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: { x: { time: true } },
      legend: { show: true, live: true },
      cursor: { drag: { x: true, y: false } },
      series: [
        { value: (_u, v) => (v == null ? '—' : `${tick(v)} UTC`) },
        {
          label,
          stroke: palette.line,
          width: 1.5,
          fill: `${palette.line}1f`,
          value: (_u, v) => (v == null ? '—' : format(v)),
        },
      ],
      axes: [
        { ...axis, values: (_u, splits) => splits.map(tick) },
        { ...axis, size: 60, values: (_u, splits) => splits.map((v) => format(v)) },
      ],
      plugins: [overlays(windows, changes, palette)],
    };
    const plot = new uPlot(options, [xs, ys], el);
    if (focus && xs.length > 1 && (focus.start > xs[0] || focus.end < xs[xs.length - 1])) {
      plot.setScale('x', { min: focus.start, max: focus.end });
    }
    const observer = new ResizeObserver(() => {
      const width = Math.max(el.clientWidth, 200);
      if (width !== plot.width) plot.setSize({ width, height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [label, points, windows, changes, palette, focus, height, format]);

  return <div class="chart" ref={host} role="img" aria-label={`Chart of ${label}`} />;
}
