import { randomBytes } from 'node:crypto';
import { startLiveStack } from '../../demo/live-stack.js';
import { observabilityInstalled } from '../../demo/observability-processes.js';
import type { ScenarioName } from '../../sim/index.js';
import { InputError } from '../input-error.js';

interface Summary {
  id: string;
  state: string;
  decision: string | null;
  root_cause_service: string | null;
  cause: string | null;
  confidence: number | null;
  created_at: number;
}

const TERMINAL = new Set(['resolved', 'escalated', 'failed']);

/**
 * `afr demo --live`: the real loop on this machine — `afr sim serve`, real Prometheus and
 * Alertmanager (Debian packages), `afr serve` — printing the incident as it progresses.
 */
export async function demoLiveCommand(
  options: { scenario: ScenarioName; seed: number; timeoutS?: number },
  out: NodeJS.WritableStream,
): Promise<number> {
  if (!observabilityInstalled()) {
    throw new InputError(
      'afr demo --live needs Prometheus and Alertmanager (Debian packages prometheus and prometheus-alertmanager; scripts/install-test-deps.sh installs them)',
    );
  }
  const token = randomBytes(16).toString('hex');
  out.write(
    `starting the simulator (${options.scenario}, seed ${options.seed}), Prometheus, Alertmanager and afr serve…\n`,
  );
  const stack = await startLiveStack({ scenario: options.scenario, seed: options.seed, apiToken: token });
  const started = Date.now();
  const since = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`;
  try {
    const onset = stack.sim.sim.fault().onset;
    out.write(
      [
        `  simulator      ${stack.sim.url}/metrics (15× time; the fault starts in ${Math.max(0, onset - Date.now() / 1000).toFixed(0)} s)`,
        `  Prometheus     ${stack.prometheus.url}`,
        `  Alertmanager   ${stack.alertmanager.url}`,
        `  afr serve      ${stack.afr.url}  (API token for this run: ${token})`,
        '',
      ].join('\n'),
    );
    const api = async <T>(path: string): Promise<T> =>
      (await (
        await fetch(stack.afr.url + path, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as T;
    const seen = new Map<string, string>();
    const deadline = Date.now() + (options.timeoutS ?? 400) * 1000;
    let finished: Summary | undefined;
    while (Date.now() < deadline && !finished) {
      const { incidents } = await api<{ incidents: Summary[] }>('/api/v1/incidents').catch(() => ({
        incidents: [],
      }));
      for (const incident of [...incidents].reverse()) {
        const line = `${incident.state}${incident.decision ? ` (${incident.decision})` : ''}`;
        if (seen.get(incident.id) !== line) {
          seen.set(incident.id, line);
          const cause = incident.root_cause_service
            ? `; root cause ${incident.cause} on ${incident.root_cause_service}, confidence ${incident.confidence?.toFixed(2)}`
            : '';
          out.write(`${since()}  ${incident.id}: ${line}${cause}\n`);
        }
        if (incident.created_at >= onset - 5 && TERMINAL.has(incident.state)) finished = incident;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    if (!finished) {
      out.write(`no incident finished within ${options.timeoutS ?? 400} s\n`);
      return 1;
    }
    const actions = await api<{ actions: { strategy: string; target: string; status: string }[] }>(
      `/api/v1/incidents/${finished.id}/actions`,
    );
    for (const a of actions.actions)
      out.write(`        action: ${a.strategy} on ${a.target} (${a.status})\n`);
    const healthy = stack.sim.sim.world.symptoms().length === 0;
    out.write(
      `\nincident ${finished.id} ${finished.state}; the simulated cloud is ${healthy ? 'healthy' : 'still unhealthy'}\n`,
    );
    return finished.state === 'resolved' ? 0 : 1;
  } finally {
    await stack.close();
  }
}
