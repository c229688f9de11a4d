import { describe, expect, it } from 'vitest';
import { detectSeriesAnomaly } from './series-anomaly.js';
import { buildLabelledSet } from './testing/labelled-set.js';

describe('detectSeriesAnomaly on a labelled synthetic set', () => {
  const set = buildLabelledSet();
  const results = set.map((series) => {
    const anomaly = detectSeriesAnomaly(series.points, series.options);
    const step = series.points.length > 1 ? series.points[1][0] - series.points[0][0] : 1;
    const onsetIndex = anomaly ? Math.round((anomaly.onset - series.points[0][0]) / step) : null;
    return { series, anomaly, onsetIndex };
  });

  it('has at least 100 series, with positives and negatives', () => {
    expect(set.length).toBeGreaterThanOrEqual(100);
    expect(set.filter((s) => s.expected).length).toBeGreaterThan(40);
    expect(set.filter((s) => !s.expected).length).toBeGreaterThan(40);
  });

  it('reaches precision and recall of at least 0.9', () => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (const { series, anomaly } of results) {
      const hit =
        anomaly !== null && series.expected !== null && anomaly.direction === series.expected.direction;
      if (hit) truePositives++;
      else if (series.expected) falseNegatives++;
      if (anomaly && !hit) falsePositives++;
    }
    const precision = truePositives / Math.max(1, truePositives + falsePositives);
    const recall = truePositives / Math.max(1, truePositives + falseNegatives);
    console.log(
      `labelled set: ${set.length} series, TP ${truePositives}, FP ${falsePositives}, FN ${falseNegatives}, ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('classifies the shape and dates the onset within tolerance for at least 90% of the positives', () => {
    const positives = results.filter((r) => r.series.expected && r.anomaly);
    const misses: string[] = [];
    for (const { series, anomaly, onsetIndex } of positives) {
      const expected = series.expected!;
      const tolerance = expected.shape === 'trend' ? 0.15 * expected.duration : 2;
      const onsetOk = Math.abs((onsetIndex ?? Number.NaN) - expected.onset_index) <= tolerance;
      if (anomaly!.shape !== expected.shape || !onsetOk) {
        misses.push(
          `${series.name}: ${anomaly!.shape} at ${onsetIndex}, expected ${expected.shape} at ${expected.onset_index}`,
        );
      }
    }
    console.log(`shape+onset correct: ${positives.length - misses.length}/${positives.length}`, misses);
    expect(misses.length).toBeLessThanOrEqual(0.1 * positives.length);
  });

  it('finds every late ramp as a trend dated within tolerance, and none of their noise twins', () => {
    const lateRamps = results.filter((r) => r.series.name.startsWith('late-ramp-'));
    expect(lateRamps.length).toBeGreaterThanOrEqual(30);
    const wrong = lateRamps
      .filter(({ series, anomaly, onsetIndex }) => {
        const expected = series.expected;
        if (!expected) return anomaly !== null;
        return (
          anomaly?.shape !== 'trend' ||
          !anomaly.ongoing ||
          Math.abs((onsetIndex ?? Number.NaN) - expected.onset_index) > Math.max(1, 0.15 * expected.duration)
        );
      })
      .map(
        ({ series, anomaly, onsetIndex }) =>
          `${series.name}: ${anomaly?.shape ?? 'nothing'} at ${onsetIndex}`,
      );
    expect(wrong).toEqual([]);
  });
});
