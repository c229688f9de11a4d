/** The remediation plan: strategy and target, risk, predicted success, steps and rollback. */
import type { Action, RemediationPlan } from '../api/types.js';
import { formatDuration, formatTimestamp, humanize } from '../lib/format.js';
import { Meter } from './badges.js';

export function PlanView(props: { plan: RemediationPlan | null; actions: readonly Action[] }) {
  const { plan, actions } = props;
  if (!plan) return <p class="muted">No remediation plan.</p>;
  return (
    <div class="plan">
      <p class="plan-head">
        <strong>{humanize(plan.strategy)}</strong> on <strong>{plan.target ?? '—'}</strong>{' '}
        <span class="muted">· about {formatDuration(plan.estimated_duration_s)}</span>
      </p>
      <dl class="facts">
        <dt>Predicted success</dt>
        <dd>
          <Meter value={plan.predicted_success_rate} label="Predicted success" tone="good" />
        </dd>
        <dt>Risk</dt>
        <dd>
          <Meter value={plan.risk_level} label="Risk" tone="risk" />
        </dd>
      </dl>
      {plan.rationale && <p>{plan.rationale}</p>}
      <h3>Steps</h3>
      <ol class="steps">
        {plan.steps.length > 0
          ? plan.steps.map((s) => (
              <li key={s.id}>
                {s.description} <span class="muted">({formatDuration(s.estimated_duration_s)})</span>
              </li>
            ))
          : plan.actions.map((a, i) => <li key={i}>{a}</li>)}
      </ol>
      {plan.rollback_plan.length > 0 && (
        <>
          <h3>Rollback</h3>
          <ol class="steps">
            {plan.rollback_plan.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ol>
        </>
      )}
      {plan.alternatives.length > 0 && (
        <details>
          <summary>Alternatives considered ({plan.alternatives.length})</summary>
          <ul>
            {plan.alternatives.map((a, i) => (
              <li key={i}>
                {humanize(a.strategy)} on {a.target ?? '—'}: <span class="muted">{a.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {actions.length > 0 && (
        <>
          <h3>Actions</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">Strategy</th>
                <th scope="col">Target</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {actions.map((a) => (
                <tr key={a.id}>
                  <td>{humanize(a.strategy)}</td>
                  <td>{a.target}</td>
                  <td>
                    <span class={`badge action-${a.status}`}>{a.status}</span>
                  </td>
                  <td>{formatTimestamp(a.started_at)}</td>
                  <td class="wrap">{a.reason ?? a.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
