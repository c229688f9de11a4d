/** `afr incidents list|show`: the incidents of a running `afr serve`, over its HTTP API. */
import { InputError } from '../input-error.js';
import { renderTable } from '../render/render-table.js';

export interface ApiClientOptions {
  url?: string;
  token?: string;
}

export interface IncidentListOptions extends ApiClientOptions {
  state?: string;
  service?: string;
  severity?: string;
  limit?: string;
  json?: boolean;
}

interface Summary {
  id: string;
  severity: string;
  service: string;
  state: string;
  decision: string | null;
  root_cause_service: string | null;
  cause: string | null;
  confidence: number | null;
  mttr_s: number | null;
  created_at: number;
}

async function call<T>(options: ApiClientOptions, path: string): Promise<T> {
  const base = (options.url ?? process.env.AFR_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const token = options.token ?? process.env.AFR_API_TOKEN;
  if (!token) throw new InputError('--token: required (or set AFR_API_TOKEN)');
  let response: Response;
  try {
    response = await fetch(base + path, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new Error(
      `cannot reach afr serve at ${base}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) {
    const message = `${response.status} from ${path}: ${body.error ?? response.statusText}`;
    if (response.status >= 400 && response.status < 500) throw new InputError(message);
    throw new Error(message);
  }
  return body;
}

export async function incidentsListCommand(
  options: IncidentListOptions,
  out: NodeJS.WritableStream,
): Promise<void> {
  const query = new URLSearchParams();
  for (const key of ['state', 'service', 'severity', 'limit'] as const) {
    const value = options[key];
    if (value) query.set(key, value);
  }
  const { incidents, total } = await call<{ incidents: Summary[]; total: number }>(
    options,
    `/api/v1/incidents${query.size ? `?${query}` : ''}`,
  );
  if (options.json) {
    out.write(`${JSON.stringify({ incidents, total }, null, 2)}\n`);
    return;
  }
  const rows = incidents.map((i) => [
    i.id,
    new Date(i.created_at * 1000).toISOString().slice(0, 19).replace('T', ' '),
    i.severity,
    i.service,
    i.state,
    i.decision ?? '',
    i.root_cause_service ? `${i.cause} on ${i.root_cause_service}` : '',
    i.confidence === null ? '' : i.confidence.toFixed(2),
    i.mttr_s === null ? '' : `${Math.round(i.mttr_s)} s`,
  ]);
  out.write(
    `${renderTable(['incident', 'opened (UTC)', 'severity', 'service', 'state', 'decision', 'root cause', 'conf.', 'MTTR'], rows)}\n`,
  );
  out.write(`${incidents.length} of ${total}\n`);
}

export async function incidentShowCommand(
  id: string,
  options: ApiClientOptions & { json?: boolean },
  out: NodeJS.WritableStream,
): Promise<void> {
  const detail = await call<{
    incident: Summary;
    report: { summary: string; decision_reason: string } | null;
    state_history: { from: string | null; to: string; reason: string; at: number }[];
    actions: { strategy: string; target: string; status: string }[];
  }>(options, `/api/v1/incidents/${encodeURIComponent(id)}`);
  if (options.json) {
    out.write(`${JSON.stringify(detail, null, 2)}\n`);
    return;
  }
  const i = detail.incident;
  out.write(
    `${i.id}  ${i.severity} on ${i.service}  state ${i.state}${i.decision ? `, decision ${i.decision}` : ''}\n`,
  );
  if (detail.report) out.write(`${detail.report.summary}\n${detail.report.decision_reason}\n`);
  for (const step of detail.state_history) {
    out.write(
      `  ${new Date(step.at * 1000).toISOString()}  ${step.from ?? '—'} → ${step.to}: ${step.reason}\n`,
    );
  }
  for (const a of detail.actions) out.write(`  action ${a.strategy} on ${a.target}: ${a.status}\n`);
}
