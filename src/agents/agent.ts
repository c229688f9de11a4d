import type { AgentName, Alert, DataPorts, Finding, InvestigationPlan, Topology } from '../core/index.js';
import type { ServiceDeviation } from './metrics/service-ranking.js';

/** What every investigation agent receives. */
export interface InvestigationContext {
  alert: Alert;
  plan: InvestigationPlan;
  ports: DataPorts;
  /** The topology PLAN fetched, if any; agents use it to know service names. */
  topology: Topology | undefined;
  /** Aborted when the agent's deadline passes. */
  signal: AbortSignal;
}

export interface DataSourceStatus {
  source: string;
  status: 'ok' | 'no_data' | 'error' | 'timeout' | 'absent';
  detail?: string;
}

export interface AgentResult {
  agent: AgentName;
  findings: Finding[];
  /** Services for which this agent had data at all: silence from them means "healthy". */
  observed_services: string[];
  sources: DataSourceStatus[];
  duration_ms: number;
  /** The metrics agent's ranking of services by how early and how strongly they deviated. */
  service_ranking?: ServiceDeviation[];
}

/** A specialist agent: reads the ports and reports typed findings. */
export interface InvestigationAgent {
  readonly name: AgentName;
  investigate(context: InvestigationContext): Promise<AgentResult>;
}

let findingCounter = 0;
/** A process-unique, readable finding id. */
export function nextFindingId(prefix: string): string {
  findingCounter = (findingCounter + 1) % 1_000_000_000;
  return `${prefix}-${findingCounter.toString(36)}`;
}
