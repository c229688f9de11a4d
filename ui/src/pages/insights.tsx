/** Insights: MTTR trend, decisions by kind, common root causes, strategy success, calibration. */

import { useMemo } from 'preact/hooks';
import { ErrorNote, Loading } from '../components/badges.js';
import { BarList, countBars } from '../components/bar-list.js';
import { ReliabilityDiagram } from '../components/reliability-diagram.js';
import { TimeSeriesChart } from '../components/time-series-chart.js';
import { expectedCalibrationError, overallSuccessRate } from '../lib/calibration.js';
import { formatDuration, formatPercent, humanize } from '../lib/format.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

export function InsightsPage() {
  const { client, palette } = useSession();
  const loaded = useLoad(() => client.insights(), [client]);
  const data = loaded.data;
  const mttrPoints = useMemo(
    () => (data?.mttr ?? []).map((m) => [m.t, m.mttr_s] as [number, number]).sort((a, b) => a[0] - b[0]),
    [data],
  );

  return (
    <section aria-labelledby="insights-title">
      <h1 id="insights-title">Insights</h1>
      {loaded.error && <ErrorNote message={loaded.error} onRetry={loaded.reload} />}
      {!data && !loaded.error && <Loading />}
      {data && (
        <>
          <div class="tiles">
            <div class="tile">
              <span class="tile-label">Median MTTR</span>
              <span class="tile-value">{formatDuration(data.median_mttr_s)}</span>
            </div>
            <div class="tile">
              <span class="tile-label">Remediation success</span>
              <span class="tile-value">{formatPercent(overallSuccessRate(data.strategies))}</span>
            </div>
            <div class="tile">
              <span class="tile-label">Decisions</span>
              <span class="tile-value">{Object.values(data.decisions).reduce((a, b) => a + b, 0)}</span>
            </div>
            <div class="tile">
              <span class="tile-label">Calibration error</span>
              <span class="tile-value">{formatPercent(expectedCalibrationError(data.calibration), 1)}</span>
            </div>
          </div>
          <div class="grid two">
            <section class="card" aria-labelledby="mttr-title">
              <h2 id="mttr-title">MTTR trend</h2>
              {mttrPoints.length >= 2 ? (
                <TimeSeriesChart
                  label="MTTR"
                  points={mttrPoints}
                  palette={palette}
                  height={220}
                  format={formatDuration}
                />
              ) : (
                <p class="muted">Not enough resolved incidents yet.</p>
              )}
            </section>
            <section class="card" aria-labelledby="calibration-title">
              <h2 id="calibration-title">Calibration</h2>
              <ReliabilityDiagram bins={data.calibration} palette={palette} />
            </section>
            <section class="card" aria-labelledby="decisions-title">
              <h2 id="decisions-title">Decisions by kind</h2>
              <BarList
                label="Decisions by kind"
                bars={countBars(Object.entries(data.decisions).map(([label, count]) => ({ label, count })))}
              />
            </section>
            <section class="card" aria-labelledby="causes-title">
              <h2 id="causes-title">Common root causes</h2>
              <BarList
                label="Common root causes"
                bars={countBars(data.root_causes.map((r) => ({ label: humanize(r.cause), count: r.count })))}
              />
            </section>
            <section class="card" aria-labelledby="strategies-title">
              <h2 id="strategies-title">Strategy success rates</h2>
              <BarList
                label="Strategy success rates"
                bars={[...data.strategies]
                  .sort((a, b) => b.attempts - a.attempts)
                  .map((s) => ({
                    label: humanize(s.strategy),
                    fraction: s.attempts ? s.successes / s.attempts : 0,
                    text: `${formatPercent(s.attempts ? s.successes / s.attempts : null)} (${s.successes}/${s.attempts})`,
                    tone: 'good' as const,
                  }))}
              />
            </section>
          </div>
        </>
      )}
    </section>
  );
}
