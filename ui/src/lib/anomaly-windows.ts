/**
 * What the evidence charts of an incident show: which (service, metric) series, their
 * points (the stored series when the API sends a non-empty one, else the finding's excerpt), the
 * anomaly windows to shade (onset → peak, or → the end of the data while the anomaly is
 * ongoing) and the changes (deploys, config...) to mark as vertical lines.
 */
import type { ChangeEvent, Finding, Point, SeriesData } from '../api/types.js';

type MetricFinding = Extract<Finding, { kind: 'metric_anomaly' }>;
type ChangeFinding = Extract<Finding, { kind: 'change' }>;

export interface TimeWindow {
  start: number;
  end: number;
}

export interface ChangeMarker {
  t: number;
  service: string;
  kind: string;
  label: string;
}

export interface EvidenceChart {
  key: string;
  service: string;
  metric: string;
  points: Point[];
  windows: TimeWindow[];
  changes: ChangeMarker[];
  /** The highest significance among the chart's findings. */
  significance: number;
  /** The range shown at first: the anomalies and changes with some history before them. */
  focus: TimeWindow;
}

/**
 * The initial x range of a chart: from a little before the earliest anomaly or change (at
 * least `minLead` seconds, or as long again as the anomalies last) to the end of the data.
 */
export function focusWindow(
  dataStart: number,
  dataEnd: number,
  windows: readonly TimeWindow[],
  changes: readonly ChangeMarker[],
  minLead = 600,
): TimeWindow {
  const starts = [...windows.map((w) => w.start), ...changes.map((c) => c.t)];
  if (starts.length === 0) return { start: dataStart, end: dataEnd };
  const earliest = Math.min(...starts);
  const lead = Math.max(minLead, dataEnd - earliest);
  return { start: Math.max(dataStart, earliest - lead), end: dataEnd };
}

/**
 * The windows to shade for one series' findings: each from its onset to its peak, or to
 * `dataEnd` when the anomaly is still going on; at least `minWidth` seconds wide; overlapping
 * windows merged; sorted by start.
 */
export function anomalyWindows(
  findings: readonly MetricFinding[],
  dataEnd: number,
  minWidth = 0,
): TimeWindow[] {
  const raw = findings
    .map((f) => {
      const end = f.ongoing ? Math.max(dataEnd, f.peak_time) : f.peak_time;
      return { start: f.onset, end: Math.max(end, f.onset + minWidth) };
    })
    .filter((w) => Number.isFinite(w.start) && Number.isFinite(w.end))
    .sort((a, b) => a.start - b.start);
  const merged: TimeWindow[] = [];
  for (const w of raw) {
    const last = merged[merged.length - 1];
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else merged.push({ ...w });
  }
  return merged;
}

/** The median spacing of a series' timestamps (its step), or 0 with fewer than two points. */
export function medianStep(points: readonly Point[]): number {
  if (points.length < 2) return 0;
  const gaps: number[] = [];
  for (let i = 1; i < points.length; i++) gaps.push(points[i][0] - points[i - 1][0]);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

/** Change events and change findings as one list of markers, without duplicates, by time. */
export function changeMarkers(changes: readonly ChangeEvent[], findings: readonly Finding[]): ChangeMarker[] {
  const out = new Map<string, ChangeMarker>();
  const add = (m: ChangeMarker) => {
    const key = `${m.service}|${m.kind}|${m.t}`;
    if (!out.has(key)) out.set(key, m);
  };
  for (const c of changes) {
    add({
      t: c.timestamp,
      service: c.service,
      kind: c.kind,
      label: changeLabel(c.kind, c.service, c.version),
    });
  }
  for (const f of findings) {
    if (f.kind !== 'change' || !f.service) continue;
    const c = f as ChangeFinding;
    add({
      t: c.timestamp,
      service: c.service!,
      kind: c.change_kind,
      label: changeLabel(c.change_kind, c.service!, c.version),
    });
  }
  return [...out.values()].sort((a, b) => a.t - b.t);
}

function changeLabel(kind: string, service: string, version?: string): string {
  return `${kind} ${service}${version ? ` ${version}` : ''}`;
}

export interface EvidenceChartInput {
  findings: readonly Finding[];
  series: readonly SeriesData[];
  changes: readonly ChangeEvent[];
  /** The root-cause service: its charts come first and its changes show on every chart. */
  rootService: string | null;
  /** The alerting service: its charts come next. */
  alertService: string | null;
}

/**
 * One chart per (service, metric) with a metric finding, ordered: the root-cause service,
 * then the alerting service, then the rest; within each, by significance (highest first).
 */
export function evidenceCharts(input: EvidenceChartInput): EvidenceChart[] {
  const groups = new Map<string, MetricFinding[]>();
  for (const f of input.findings) {
    if (f.kind !== 'metric_anomaly' || !f.service) continue;
    const key = `${f.service}|${f.metric}`;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  const seriesByKey = new Map<string, Point[]>(
    input.series.map((s) => [`${s.service}|${s.metric}`, s.points]),
  );
  const markers = changeMarkers(input.changes, input.findings);
  const charts: EvidenceChart[] = [];
  for (const [key, list] of groups) {
    const service = list[0].service!;
    const metric = list[0].metric;
    const stored = seriesByKey.get(key);
    const points = stored?.length ? stored : excerptPoints(list);
    if (points.length === 0) continue;
    const first = points[0][0];
    const last = points[points.length - 1][0];
    const windows = anomalyWindows(list, last, medianStep(points));
    const changes = markers.filter(
      (m) => (m.service === service || m.service === input.rootService) && m.t >= first && m.t <= last,
    );
    charts.push({
      key,
      service,
      metric,
      points,
      windows,
      changes,
      significance: Math.max(...list.map((f) => f.significance)),
      focus: focusWindow(first, last, windows, changes),
    });
  }
  const rank = (c: EvidenceChart) =>
    c.service === input.rootService ? 0 : c.service === input.alertService ? 1 : 2;
  return charts.sort(
    (a, b) => rank(a) - rank(b) || b.significance - a.significance || a.key.localeCompare(b.key),
  );
}

/** The excerpts of several findings of one series, merged and sorted, one point per timestamp. */
function excerptPoints(findings: readonly MetricFinding[]): Point[] {
  const byTime = new Map<number, number>();
  for (const f of findings) for (const [t, v] of f.excerpt) byTime.set(t, v);
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]);
}
