/** What `detectSeriesAnomaly` reports about one metric series. */
export interface SeriesAnomaly {
  /** 0..1, comparable across metrics: significance × effect size × persistence. */
  score: number;
  /** 0..1: one minus the (multiple-testing corrected) p-value of the deviation. */
  significance: number;
  /** Epoch seconds where the deviation started (change-point estimate, not the first alarm). */
  onset: number;
  peak_time: number;
  /** Robust baseline level: median of the reference period. */
  baseline: number;
  /** Most extreme value after onset in the anomalous direction. */
  peak: number;
  /** Robust level at the end of the series (median of the last few points). */
  current: number;
  /** |peak − baseline| / max(|baseline|, scaleFloor, MAD-based scale). */
  magnitude: number;
  shape: 'spike' | 'level_shift' | 'trend';
  direction: 'up' | 'down';
  /** Still deviating at the end of the series. */
  ongoing: boolean;
}

export interface DetectOptions {
  /** Points with t < baselineEnd form the reference period. Default: first 60% of the series. */
  baselineEnd?: number;
  /** Which deviations matter for this metric. Default 'both'. */
  direction?: 'up' | 'down' | 'both';
  /** Absolute change below which nothing is anomalous (e.g. 0.01 for an error rate). Default 0. */
  minAbsoluteChange?: number;
  /** Relative change below which nothing is anomalous. Default 0.2. */
  minRelativeChange?: number;
  /** Scale floor for magnitude when the baseline is ~0. Default: 1e-9. */
  scaleFloor?: number;
}
