/**
 * The incident page: what broke, where and since when (timeline, evidence charts,
 * dependency graph), why afr thinks so (hypotheses with their ledgers, log findings), what
 * it wants to do (the plan, with Approve / Reject / Override for approvers), and the audit trail.
 */
import { useMemo, useState } from 'preact/hooks';
import { UnauthorizedError } from '../api/client.js';
import type { AuditEntry, IncidentDetail } from '../api/types.js';
import { ApprovalPanel } from '../components/approval-panel.js';
import { AuditTrail, StateHistory } from '../components/audit-trail.js';
import { DecisionBadge, ErrorNote, Loading, Meter, SeverityBadge, StateBadge } from '../components/badges.js';
import { DependencyGraph } from '../components/dependency-graph.js';
import { HypothesesView } from '../components/hypotheses-view.js';
import { LogFindings } from '../components/log-findings.js';
import { PhaseTimelineView } from '../components/phase-timeline-view.js';
import { PlanView } from '../components/plan-view.js';
import { TimeSeriesChart } from '../components/time-series-chart.js';
import { evidenceCharts } from '../lib/anomaly-windows.js';
import { formatDuration, formatTimestamp, humanize } from '../lib/format.js';
import { incidentGraph } from '../lib/graph-highlight.js';
import { canApprove, useSession } from '../session.js';
import { useLoad } from '../use-load.js';

const FIRST_CHARTS = 6;

export function IncidentDetailPage(props: { id: string }) {
  const { client } = useSession();
  const detail = useLoad(() => client.incident(props.id), [client, props.id]);
  const audit = useLoad(() => client.audit(props.id), [client, props.id]);
  const reload = () => {
    detail.reload();
    audit.reload();
  };

  return (
    <section aria-labelledby="incident-title">
      <p>
        <a href="#/incidents">← Incidents</a>
      </p>
      {detail.error && <ErrorNote message={detail.error} onRetry={detail.reload} />}
      {!detail.data && !detail.error && <Loading />}
      {detail.data && (
        <IncidentView
          detail={detail.data}
          audit={audit.data?.entries ?? null}
          auditError={audit.error}
          onChanged={reload}
        />
      )}
    </section>
  );
}

function ReportLinks(props: { id: string }) {
  const { client, onUnauthorized } = useSession();
  const [error, setError] = useState<string | null>(null);
  const open = async (event: Event, format: 'md' | 'html') => {
    event.preventDefault();
    // A new tab cannot send the token, so the report is fetched here and shown from a blob.
    const tab = format === 'html' ? window.open('', '_blank') : null;
    try {
      const blob = await client.report(props.id, format);
      const url = URL.createObjectURL(blob);
      if (tab) tab.location.href = url;
      else {
        const a = document.createElement('a');
        a.href = url;
        a.download = `${props.id}.md`;
        a.click();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      tab?.close();
      if (err instanceof UnauthorizedError) onUnauthorized(err.message);
      else setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <span class="report-links">
      Postmortem:{' '}
      <a
        href={client.reportUrl(props.id, 'html')}
        onClick={(e) => open(e, 'html')}
        aria-label="Open the postmortem report as HTML"
      >
        HTML
      </a>{' '}
      ·{' '}
      <a
        href={client.reportUrl(props.id, 'md')}
        onClick={(e) => open(e, 'md')}
        aria-label="Download the postmortem report as Markdown"
      >
        Markdown
      </a>
      {error && <span class="error"> {error}</span>}
    </span>
  );
}

function IncidentView(props: {
  detail: IncidentDetail;
  audit: AuditEntry[] | null;
  auditError: string | null;
  onChanged: () => void;
}) {
  const { me, palette } = useSession();
  const { detail } = props;
  const { incident, report } = detail;
  const [allCharts, setAllCharts] = useState(false);
  const rootService = report?.root_cause?.service ?? null;
  const hypotheses = detail.hypotheses.length ? detail.hypotheses : (report?.hypotheses ?? []);
  const findings = detail.findings.length ? detail.findings : (report?.findings ?? []);
  const phases = detail.phases.length ? detail.phases : (report?.phases ?? []);
  const plan = detail.plan ?? report?.remediation_plan ?? null;

  const charts = useMemo(
    () =>
      evidenceCharts({
        findings,
        series: detail.series,
        changes: detail.changes,
        rootService,
        alertService: incident.service,
      }),
    [findings, detail.series, detail.changes, rootService, incident.service],
  );
  const graph = useMemo(
    () =>
      incidentGraph({
        topology: detail.topology,
        findings,
        rootService,
        alertService: incident.service,
        blastRadius: report?.blast_radius ?? [],
        atRisk: report?.at_risk ?? [],
      }),
    [detail.topology, findings, rootService, incident.service, report],
  );
  const shown = allCharts ? charts : charts.slice(0, FIRST_CHARTS);
  const showApproval =
    canApprove(me) && (incident.state === 'awaiting_approval' || incident.state === 'escalated');

  return (
    <>
      <header class="incident-head">
        <div>
          <h1 id="incident-title">
            {incident.id} <SeverityBadge severity={incident.severity} /> <StateBadge state={incident.state} />
          </h1>
          <p class="alert-message">
            <strong>{incident.service}</strong>:{' '}
            {incident.alert.message || incident.alert.labels.alertname || '—'}
          </p>
          <p class="muted">
            Opened {formatTimestamp(incident.created_at)} · updated {formatTimestamp(incident.updated_at)} ·
            alert {incident.alert.id} from {incident.alert.source}
          </p>
        </div>
        <ReportLinks id={incident.id} />
      </header>

      <section class="card summary" aria-label="Conclusion">
        <dl class="facts wide">
          <dt>Root cause</dt>
          <dd>
            {report?.root_cause ? (
              <>
                <strong>{report.root_cause.service}</strong> · {humanize(report.root_cause.cause)} ·{' '}
                {humanize(report.root_cause.mechanism)}
              </>
            ) : (
              <span class="muted">not established</span>
            )}
          </dd>
          <dt>Confidence</dt>
          <dd>
            <Meter value={report?.root_cause?.confidence ?? null} label="Confidence" />
          </dd>
          <dt>Decision</dt>
          <dd>
            <DecisionBadge decision={report?.decision ?? null} />{' '}
            <span class="muted">{report?.decision_reason}</span>
          </dd>
          <dt>Blast radius</dt>
          <dd>{report?.blast_radius.length ? report.blast_radius.join(', ') : '—'}</dd>
          <dt>MTTR</dt>
          <dd>{formatDuration(report?.mttr_s ?? null)}</dd>
        </dl>
        {report?.summary && <p class="summary-text">{report.summary}</p>}
        {report && report.missing_data.length > 0 && (
          <p class="notice">Missing data: {report.missing_data.join('; ')}</p>
        )}
      </section>

      {showApproval && <ApprovalPanel incident={incident} plan={plan} onDone={props.onChanged} />}

      <section class="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <PhaseTimelineView phases={phases} />
      </section>

      <div class="grid two">
        <section class="card" aria-labelledby="evidence-title">
          <h2 id="evidence-title">Metric evidence</h2>
          <p class="muted legend-line">
            <i class="swatch anomaly" /> anomaly window <i class="line change" /> change (deploy, config…) ·
            drag to zoom, double-click for the whole window
          </p>
          {charts.length === 0 && <p class="muted">No metric anomalies.</p>}
          <div class="charts" data-testid="evidence-charts">
            {shown.map((c) => (
              <figure key={c.key} class="chart-figure">
                <figcaption>
                  <strong>{c.service}</strong> · {c.metric}
                  {c.changes.length > 0 && (
                    <span class="muted">
                      {' '}
                      · {c.changes.map((m) => `${m.label} at ${formatTimestamp(m.t)}`).join('; ')}
                    </span>
                  )}
                </figcaption>
                <TimeSeriesChart
                  label={`${c.service} ${c.metric}`}
                  points={c.points}
                  windows={c.windows}
                  changes={c.changes}
                  focus={c.focus}
                  palette={palette}
                  height={150}
                />
              </figure>
            ))}
          </div>
          {charts.length > FIRST_CHARTS && (
            <button
              type="button"
              class="ghost"
              onClick={() => setAllCharts(!allCharts)}
              aria-expanded={allCharts}
            >
              {allCharts ? 'Show fewer charts' : `Show all ${charts.length} charts`}
            </button>
          )}
        </section>
        <section class="card" aria-labelledby="graph-title">
          <h2 id="graph-title">Dependencies</h2>
          <DependencyGraph graph={graph} palette={palette} />
        </section>
      </div>

      <div class="grid two">
        <section class="card" aria-labelledby="hypotheses-title">
          <h2 id="hypotheses-title">Hypotheses</h2>
          <HypothesesView hypotheses={hypotheses} />
        </section>
        <section class="card" aria-labelledby="plan-title">
          <h2 id="plan-title">Remediation plan</h2>
          <PlanView plan={plan} actions={detail.actions.length ? detail.actions : (report?.actions ?? [])} />
        </section>
      </div>

      <section class="card" aria-labelledby="logs-title">
        <h2 id="logs-title">Logs and request flows</h2>
        <LogFindings findings={findings} />
      </section>

      <div class="grid two">
        <section class="card" aria-labelledby="history-title">
          <h2 id="history-title">State history</h2>
          <StateHistory history={detail.state_history} />
        </section>
        <section class="card" aria-labelledby="audit-title">
          <h2 id="audit-title">Audit trail</h2>
          <AuditTrail entries={props.audit} error={props.auditError} />
        </section>
      </div>
    </>
  );
}
