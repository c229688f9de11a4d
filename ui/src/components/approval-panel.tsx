/**
 * Approve / Reject / Override for approvers. Approve and Reject apply to an incident that
 * awaits approval; Override (another strategy or target) also to an escalated one.
 */
import { useState } from 'preact/hooks';
import { UnauthorizedError } from '../api/client.js';
import type { IncidentRecord, RemediationPlan, Strategy } from '../api/types.js';
import { humanize } from '../lib/format.js';
import { STRATEGIES } from '../lib/vocabulary.js';
import { useSession } from '../session.js';

type Mode = 'idle' | 'reject' | 'override';

export function ApprovalPanel(props: {
  incident: IncidentRecord;
  plan: RemediationPlan | null;
  onDone: (incident: IncidentRecord) => void;
}) {
  const { client, onUnauthorized } = useSession();
  const { incident, plan } = props;
  const [mode, setMode] = useState<Mode>('idle');
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [strategy, setStrategy] = useState<Strategy>(plan?.strategy ?? 'rollback');
  const [target, setTarget] = useState(plan?.target ?? incident.service);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const awaiting = incident.state === 'awaiting_approval';
  const what = plan ? `${humanize(plan.strategy)} on ${plan.target ?? '—'}` : 'the plan';

  const run = async (work: () => Promise<{ incident: IncidentRecord }>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await work();
      setMode('idle');
      props.onDone(result.incident);
    } catch (err) {
      if (err instanceof UnauthorizedError) onUnauthorized(err.message);
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card approval" aria-labelledby="approval-title">
      <h2 id="approval-title">{awaiting ? `Approval needed: ${what}` : 'Override'}</h2>
      {awaiting && (
        <>
          <label for="approve-comment">Comment (optional)</label>
          <input
            id="approve-comment"
            value={comment}
            onInput={(e) => setComment((e.target as HTMLInputElement).value)}
            placeholder="Why this is fine"
          />
        </>
      )}
      <div class="button-row">
        {awaiting && (
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() => run(() => client.approve(incident.id, comment.trim() || undefined))}
            aria-label={`Approve ${what}`}
          >
            Approve
          </button>
        )}
        {awaiting && (
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={() => setMode(mode === 'reject' ? 'idle' : 'reject')}
            aria-expanded={mode === 'reject'}
            aria-label={`Reject ${what}`}
          >
            Reject…
          </button>
        )}
        <button
          type="button"
          disabled={busy}
          onClick={() => setMode(mode === 'override' ? 'idle' : 'override')}
          aria-expanded={mode === 'override'}
          aria-label="Override the plan with another strategy or target"
        >
          Override…
        </button>
      </div>
      {mode === 'reject' && (
        <form
          class="subform"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim()) void run(() => client.reject(incident.id, reason.trim()));
          }}
        >
          <label for="reject-reason">Reason (required)</label>
          <input
            id="reject-reason"
            value={reason}
            required
            onInput={(e) => setReason((e.target as HTMLInputElement).value)}
          />
          <button
            type="submit"
            class="danger"
            disabled={busy || !reason.trim()}
            aria-label="Confirm the rejection"
          >
            Confirm reject
          </button>
        </form>
      )}
      {mode === 'override' && (
        <form
          class="subform"
          onSubmit={(e) => {
            e.preventDefault();
            if (target.trim())
              void run(() =>
                client.override(incident.id, {
                  strategy,
                  target: target.trim(),
                  comment: comment.trim() || undefined,
                }),
              );
          }}
        >
          <label for="override-strategy">Strategy</label>
          <select
            id="override-strategy"
            value={strategy}
            onChange={(e) => setStrategy((e.target as HTMLSelectElement).value as Strategy)}
          >
            {STRATEGIES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
          <label for="override-target">Target service</label>
          <input
            id="override-target"
            value={target}
            required
            onInput={(e) => setTarget((e.target as HTMLInputElement).value)}
          />
          <label for="override-comment">Comment (optional)</label>
          <input
            id="override-comment"
            value={comment}
            onInput={(e) => setComment((e.target as HTMLInputElement).value)}
          />
          <button type="submit" disabled={busy || !target.trim()} aria-label="Apply the override">
            Apply override
          </button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
