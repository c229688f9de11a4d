/**
 * What the logs and traces said: log templates (novel ones first, with their stack traces
 * and examples) and request flows (which service's errors point at which dependency).
 */
import type { Finding } from '../api/types.js';
import { formatPercent, formatTimestamp } from '../lib/format.js';

type LogFinding = Extract<Finding, { kind: 'log_pattern' }>;
type FlowFinding = Extract<Finding, { kind: 'dependency_error' }>;

export function LogFindings(props: { findings: readonly Finding[] }) {
  const logs = props.findings
    .filter((f): f is LogFinding => f.kind === 'log_pattern')
    .sort((a, b) => Number(b.novel) - Number(a.novel) || b.strength - a.strength);
  const flows = props.findings
    .filter((f): f is FlowFinding => f.kind === 'dependency_error')
    .sort((a, b) => b.count - a.count);
  return (
    <div class="log-findings">
      <h3>Log templates</h3>
      {logs.length === 0 && <p class="muted">No log findings.</p>}
      <ul class="templates">
        {logs.map((f) => (
          <li key={f.id}>
            <details>
              <summary>
                {f.novel && <span class="badge novel">novel</span>}
                <span class={`badge level-${f.level}`}>{f.level}</span>
                <span class="svc">{f.service ?? '—'}</span>
                <code class="template">{f.template}</code>
                <span class="muted">
                  {' '}
                  ×{f.count} (baseline {f.baseline_count})
                </span>
              </summary>
              <dl class="facts">
                {f.signature && (
                  <>
                    <dt>Signature</dt>
                    <dd>{f.signature}</dd>
                  </>
                )}
                {f.exception_type && (
                  <>
                    <dt>Exception</dt>
                    <dd>
                      <code>{f.exception_type}</code>
                    </dd>
                  </>
                )}
                <dt>Seen</dt>
                <dd>
                  {formatTimestamp(f.first_seen)} → {formatTimestamp(f.last_seen)}
                </dd>
                {f.mentions.length > 0 && (
                  <>
                    <dt>Names</dt>
                    <dd>{f.mentions.join(', ')}</dd>
                  </>
                )}
              </dl>
              {f.examples.map((e, i) => (
                <pre key={i} class="example" title={f.exception_type ? 'Stack trace' : 'Example log line'}>
                  {e}
                </pre>
              ))}
            </details>
          </li>
        ))}
      </ul>
      <h3>Request flows</h3>
      {flows.length === 0 && <p class="muted">No errors between services were seen.</p>}
      <ul class="flows">
        {flows.map((f) => (
          <li key={f.id}>
            <strong>{f.service}</strong> → <strong>{f.target}</strong>{' '}
            <span class="muted">
              {f.count} errors via {f.via}, {formatPercent(f.share)} of {f.service}'s errors, since{' '}
              {formatTimestamp(f.first_seen)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
