import {
  findServiceMentions,
  logRequestFlows,
  logVolumeAnomalies,
  matchSignatures,
  parseStackTrace,
  TemplateMiner,
  truncateLine,
} from '../analysis/logs/index.js';
import type {
  DependencyErrorFinding,
  Finding,
  LogLevel,
  LogPatternFinding,
  LogRecord,
} from '../core/index.js';
import { clamp, poissonSurprise, round } from '../util/stats.js';
import type { AgentResult, DataSourceStatus, InvestigationAgent, InvestigationContext } from './agent.js';
import { nextFindingId } from './agent.js';
import { flowFindings } from './logs-flow-findings.js';
import { failureStatus, searchLogs, sourceErrorFinding } from './logs-source.js';
import { volumeFindings } from './logs-volume-findings.js';

export interface LogsAgentOptions {
  /** Most records read from the backend per investigation. */
  maxRecords?: number;
  /** Fewest occurrences in the incident period for a template to be reported. */
  minCount?: number;
  examples?: number;
  /** Characters kept of an example line (default 500). */
  exampleChars?: number;
}

const LEVEL_RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

interface TemplateStats {
  service: string;
  templateId: string;
  template: string;
  level: LogLevel;
  baseline: number;
  incident: number;
  firstSeen: number;
  lastSeen: number;
  examples: string[];
  exceptionType?: string;
  signature?: string;
  mentions: Set<string>;
}

/**
 * The logs agent: mines templates over the window, compares each service's warning and
 * error templates with its own baseline, flags novel templates and known failure
 * signatures, turns error messages that name another service into evidence edges,
 * reconstructs failing requests across services from shared trace ids (where the first
 * error occurred and where it travelled), and finds bursts and silences of each service's
 * log volume. A log backend that fails or times out gives a source_error finding.
 */
export class LogsAgent implements InvestigationAgent {
  readonly name = 'logs' as const;
  private readonly options: Required<LogsAgentOptions>;

  constructor(options: LogsAgentOptions = {}) {
    this.options = { maxRecords: 500_000, minCount: 3, examples: 2, exampleChars: 500, ...options };
  }

  async investigate(context: InvestigationContext): Promise<AgentResult> {
    const started = performance.now();
    const source = context.ports.logs;
    if (!source) {
      return done([], [], [{ source: 'logs', status: 'absent', detail: 'no log source' }], started);
    }
    const outcome = await searchLogs(source, context, this.options.maxRecords);
    if (outcome.kind === 'error') {
      const status = failureStatus(outcome.message, context.signal);
      return done(
        [sourceErrorFinding(source.id, status, outcome.message)],
        [],
        [{ source: source.id, status, detail: outcome.message }],
        started,
      );
    }
    if (outcome.kind === 'no_data') {
      return done(
        [],
        [],
        [{ source: source.id, status: 'no_data', detail: 'no log lines in the window' }],
        started,
      );
    }
    const knownServices = serviceNames(context);
    const analysis = this.analyse(
      outcome.data,
      context.plan.baseline_end,
      context.plan.window,
      knownServices,
    );
    const sources: DataSourceStatus[] = [
      { source: source.id, status: 'ok', detail: `${outcome.data.length} lines` },
    ];
    return done(analysis.findings, analysis.observed, sources, started);
  }

  private analyse(
    records: readonly LogRecord[],
    baselineEnd: number,
    window: { start: number; end: number },
    knownServices: string[],
  ): { findings: Finding[]; observed: string[] } {
    const miner = new TemplateMiner();
    const stats = new Map<string, TemplateStats>();
    const errorLines = new Map<string, number>();
    const edges = new Map<string, EdgeCount>();
    const observed = new Set<string>();
    for (const record of records) {
      observed.add(record.service);
      // Findings come from warnings and errors; routine lines are not mined, which keeps
      // the agent fast on large windows.
      if (LEVEL_RANK[record.level] < LEVEL_RANK.warn) continue;
      const match = miner.add(record.message, record.timestamp);
      const key = `${record.service}\u0000${match.id}`;
      let entry = stats.get(key);
      if (!entry) {
        entry = {
          service: record.service,
          templateId: match.id,
          template: match.template,
          level: record.level,
          baseline: 0,
          incident: 0,
          firstSeen: record.timestamp,
          lastSeen: record.timestamp,
          examples: [],
          mentions: new Set(),
        };
        const text = scanned(record.message);
        const trace = text.includes('\n') ? parseStackTrace(text) : null;
        entry.exceptionType = trace?.exception_type;
        entry.signature = matchSignatures(text)[0]?.signature;
        stats.set(key, entry);
      }
      // Mentions are per line: one template ("call to <*> failed") covers many targets.
      const mentions = findServiceMentions(scanned(record.message), knownServices).filter(
        (m) => m !== record.service,
      );
      for (const m of mentions) entry.mentions.add(m);
      const isError = LEVEL_RANK[record.level] >= LEVEL_RANK.error;
      entry.template = match.template;
      if (LEVEL_RANK[record.level] > LEVEL_RANK[entry.level]) entry.level = record.level;
      if (record.timestamp < baselineEnd) {
        entry.baseline++;
        if (isError) for (const target of mentions) countEdge(edges, record, target, true, this.options);
        continue;
      }
      if (entry.incident === 0) entry.firstSeen = record.timestamp;
      entry.incident++;
      entry.lastSeen = record.timestamp;
      if (entry.examples.length < this.options.examples) {
        entry.examples.push(truncateLine(record.message, this.options.exampleChars));
      }
      if (isError) {
        errorLines.set(record.service, (errorLines.get(record.service) ?? 0) + 1);
        for (const target of mentions) countEdge(edges, record, target, false, this.options);
      }
    }
    const baselineSeconds = Math.max(60, baselineEnd - window.start);
    const incidentSeconds = Math.max(60, window.end - baselineEnd);
    const findings: Finding[] = [];
    for (const entry of stats.values()) {
      const finding = this.patternFinding(entry, baselineSeconds, incidentSeconds);
      if (finding) findings.push(finding);
    }
    for (const edge of edges.values()) {
      if (edge.count < this.options.minCount) continue;
      // Errors towards a target that were as frequent before the incident are chronic, not news.
      const expected = (edge.baseline / baselineSeconds) * incidentSeconds;
      const news = clamp(1 - expected / edge.count);
      if (news <= 0) continue;
      const share = (edge.count / Math.max(1, errorLines.get(edge.service) ?? 0)) * news;
      const finding: DependencyErrorFinding = {
        id: nextFindingId('dep'),
        agent: 'logs',
        kind: 'dependency_error',
        service: edge.service,
        target: edge.target,
        count: edge.count,
        first_seen: edge.first,
        last_seen: edge.last,
        examples: edge.examples,
        via: 'logs',
        share: round(clamp(share), 4),
        strength: round(clamp(share * (1 - Math.exp(-edge.count / 10))), 4),
        summary: `${edge.count} error lines in ${edge.service} name ${edge.target} (${Math.round(share * 100)}% of its errors)`,
      };
      findings.push(finding);
    }
    const flows = logRequestFlows(records, {
      incidentStart: baselineEnd,
      exampleChars: this.options.exampleChars,
    });
    findings.push(
      ...flowFindings(flows, { minCount: this.options.minCount, baselineSeconds, incidentSeconds }),
    );
    const volume = logVolumeAnomalies(records, {
      window,
      baselineEnd,
      maxExamples: this.options.examples,
      exampleChars: this.options.exampleChars,
    });
    findings.push(...volumeFindings(volume));
    return { findings, observed: [...observed] };
  }

  private patternFinding(
    entry: TemplateStats,
    baselineSeconds: number,
    incidentSeconds: number,
  ): LogPatternFinding | null {
    if (entry.incident < this.options.minCount) return null;
    const expected = (entry.baseline / baselineSeconds) * incidentSeconds;
    const surprise = poissonSurprise(entry.incident, expected);
    const novel = entry.baseline === 0;
    if (!novel && surprise < 4) return null;
    const ratio = entry.incident / Math.max(expected, 0.5);
    let strength = 1 - Math.exp(-surprise / 15);
    if (novel) strength = Math.max(strength, 0.5 + 0.5 * (1 - Math.exp(-entry.incident / 20)));
    if (entry.level === 'warn') strength *= 0.7;
    const what = novel ? 'new' : `${round(ratio, 1)}x baseline`;
    return {
      id: nextFindingId('log'),
      agent: 'logs',
      kind: 'log_pattern',
      service: entry.service,
      summary: `${entry.service}: ${entry.incident} × ${entry.level} "${truncateLine(entry.template, 120)}" (${what})`,
      strength: round(clamp(strength), 4),
      template: entry.template,
      level: entry.level,
      count: entry.incident,
      baseline_count: entry.baseline,
      first_seen: entry.firstSeen,
      last_seen: entry.lastSeen,
      novel,
      signature: entry.signature,
      exception_type: entry.exceptionType,
      mentions: [...entry.mentions],
      examples: entry.examples,
    };
  }
}

interface EdgeCount {
  service: string;
  target: string;
  /** Error lines naming the target during the incident, and before it. */
  count: number;
  baseline: number;
  first: number;
  last: number;
  examples: string[];
}

function countEdge(
  edges: Map<string, EdgeCount>,
  record: LogRecord,
  target: string,
  baseline: boolean,
  limits: { examples: number; exampleChars: number },
): void {
  const key = `${record.service}\u0000${target}`;
  let edge = edges.get(key);
  if (!edge) {
    const t = record.timestamp;
    edge = { service: record.service, target, count: 0, baseline: 0, first: t, last: t, examples: [] };
    edges.set(key, edge);
  }
  if (baseline) {
    edge.baseline++;
    return;
  }
  if (edge.count === 0) edge.first = record.timestamp;
  edge.count++;
  edge.last = record.timestamp;
  if (edge.examples.length < limits.examples)
    edge.examples.push(truncateLine(record.message, limits.exampleChars));
}

function done(
  findings: Finding[],
  observed: string[],
  sources: DataSourceStatus[],
  started: number,
): AgentResult {
  return {
    agent: 'logs',
    findings,
    observed_services: observed,
    sources,
    duration_ms: performance.now() - started,
  };
}

function serviceNames(context: InvestigationContext): string[] {
  const names = new Set(context.plan.services);
  for (const s of context.topology?.services ?? []) names.add(s.name);
  return [...names];
}

/** Regexes read at most this much of a message: a 1 MB line costs no more than a long trace. */
const MAX_SCANNED_CHARS = 64 * 1024;

function scanned(message: string): string {
  return message.length > MAX_SCANNED_CHARS ? message.slice(0, MAX_SCANNED_CHARS) : message;
}
