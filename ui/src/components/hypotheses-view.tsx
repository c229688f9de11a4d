/** The ranked hypotheses as probability bars, each expanding to its evidence ledger. */
import type { Hypothesis } from '../api/types.js';
import { formatPercent, formatProbability, humanize } from '../lib/format.js';

export function HypothesesView(props: { hypotheses: readonly Hypothesis[] }) {
  if (props.hypotheses.length === 0) return <p class="muted">No hypotheses.</p>;
  const sorted = [...props.hypotheses].sort((a, b) => a.rank - b.rank);
  return (
    <ol class="hypotheses">
      {sorted.map((h, i) => (
        <li key={`${h.service}-${h.cause}-${h.mechanism}`}>
          <details open={i === 0}>
            <summary>
              <span class="hyp-title">
                <strong>{h.service}</strong> · {humanize(h.cause)} ·{' '}
                <span class="muted">{humanize(h.mechanism)}</span>
              </span>
              <span class="hyp-bar" aria-hidden="true">
                <span class="hyp-fill" style={{ width: `${h.probability * 100}%` }} />
              </span>
              <span class="hyp-numbers">
                p {formatProbability(h.probability)} · confidence {formatPercent(h.confidence)}
              </span>
            </summary>
            {h.statement && <p>{h.statement}</p>}
            <table class="ledger" aria-label={`Evidence ledger for ${h.service} ${humanize(h.cause)}`}>
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col">Effect</th>
                  <th scope="col">Weight</th>
                  <th scope="col">log LR</th>
                  <th scope="col">Evidence</th>
                </tr>
              </thead>
              <tbody>
                {h.evidence.map((e, j) => (
                  <tr key={j} class={e.supports ? 'supports' : 'contradicts'}>
                    <td>{e.agent}</td>
                    <td>{e.supports ? '+ supports' : '− contradicts'}</td>
                    <td>{e.weight.toFixed(2)}</td>
                    <td>{e.log_lr === undefined ? '—' : e.log_lr.toFixed(2)}</td>
                    <td class="wrap">{e.summary}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </li>
      ))}
    </ol>
  );
}
