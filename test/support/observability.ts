/** Real Prometheus and Alertmanager for tests; in CI their absence is an error, not a skip. */
import { observabilityInstalled } from '../../src/demo/observability-processes.js';

export * from '../../src/demo/observability-processes.js';

/** True when real Prometheus and Alertmanager can run here. In CI their absence is an error. */
export function observabilityAvailable(): boolean {
  const ok = observabilityInstalled();
  if (!ok && process.env.CI) {
    throw new Error('prometheus/prometheus-alertmanager are not installed: run scripts/install-test-deps.sh');
  }
  return ok;
}
