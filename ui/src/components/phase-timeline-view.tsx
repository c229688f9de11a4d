/** The phase timeline DETECT → REPORT as a segmented bar with each phase's duration. */
import type { PhaseRecord } from '../api/types.js';
import { formatMs } from '../lib/format.js';
import { phaseTimeline } from '../lib/phase-timeline.js';

export function PhaseTimelineView(props: { phases: readonly PhaseRecord[] }) {
  const timeline = phaseTimeline(props.phases);
  if (timeline.segments.length === 0) return <p class="muted">No phases recorded yet.</p>;
  return (
    <div class="timeline">
      <ol class="timeline-bar" aria-label={`Phases, ${formatMs(timeline.total_ms)} in total`}>
        {timeline.segments.map((s, i) => (
          <li
            key={`${s.phase}-${i}`}
            class={`phase phase-${s.phase} status-${s.status}`}
            style={{ left: `${s.left * 100}%`, width: `${s.width * 100}%` }}
            title={`${s.phase.toUpperCase()} · ${formatMs(s.duration_ms)} · ${s.status}\n${s.detail}`}
          >
            <span class="phase-name">{s.phase.toUpperCase()}</span>
            <span class="phase-time">{formatMs(s.duration_ms)}</span>
          </li>
        ))}
      </ol>
      <details class="phase-details">
        <summary>Phase details ({formatMs(timeline.total_ms)} in total)</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Phase</th>
              <th scope="col">Duration</th>
              <th scope="col">Status</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {timeline.segments.map((s, i) => (
              <tr key={`${s.phase}-${i}`}>
                <td>{s.phase.toUpperCase()}</td>
                <td>{formatMs(s.duration_ms)}</td>
                <td>{s.status}</td>
                <td class="wrap">{s.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
