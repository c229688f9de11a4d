import type { AnomalousReach } from './anomalous-reach.js';
import type { DependencyGraph } from './dependency-graph.js';
import type { ServiceEvidence } from './service-evidence.js';

/** What every evidence model may look at while scoring one candidate. */
export interface ReasoningContext {
  graph: DependencyGraph;
  services: Map<string, ServiceEvidence>;
  /** Services whose own symptoms are credible, with their strength (0..1). */
  anomalous: Map<string, number>;
  /** Which anomalous services lie above and below each service in `graph`. */
  reach: AnomalousReach;
  /** Onsets closer than this are simultaneous (clock skew, scrape interval). */
  toleranceSeconds: number;
  /** Fraction of observed services whose traffic rose. */
  trafficBreadth: number;
  /** Reference time when a service has no onset of its own. */
  alertTime: number;
  /** End of the data. */
  windowEnd: number;
}

export function onsetOf(context: ReasoningContext, service: string): number {
  return context.services.get(service)?.onset ?? context.alertTime;
}
