import {
  findServiceMentions,
  matchSignatures,
  parseStackTrace,
  TemplateMiner,
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

export interface LogsAgentOptions {
  /** Most records read from the backend per investigation. */
  maxRecords?: number;
  /** Fewest occurrences in the incident period for a template to be reported. */
  minCount?: number;
  examples?: number;
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
 * signatures, and turns error messages that name another service into evidence edges.
 */
export class LogsAgent implements InvestigationAgent {
  readonly name = 'logs' as const;
  private readonly options: Required<LogsAgentOptions>;

  constructor(options: LogsAgentOptions = {}) {
    this.options = { maxRecords: 500_000, minCount: 3, examples: 2, ...options };
  }

  async investigate(context: InvestigationContext): Promise<AgentResult> {
    const started = performance.now();
    const source = context.ports.logs;
    if (!source) {
      return done([], [], [{ source: 'logs', status: 'absent', detail: 'no log source' }], started);
    }
    const outcome = await source.search(
      { range: context.plan.window, services: context.plan.services, limit: this.options.maxRecords },
      { signal: context.signal },
    );
    if (outcome.kind !== 'ok') {
      const status = outcome.kind === 'error' ? 'error' : 'no_data';
      const detail = outcome.kind === 'error' ? outcome.message : 'no log lines in the window';
      return done([], [], [{ source: source.id, status, detail }], started);
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
      const match = miner.add(firstLineOf(record.message), record.timestamp);
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
        const trace = record.message.includes('\n') ? parseStackTrace(record.message) : null;
        entry.exceptionType = trace?.exception_type;
        entry.signature = matchSignatures(record.message)[0]?.signature;
        stats.set(key, entry);
      }
      // Mentions are per line: one template ("call to <*> failed") covers many targets.
      const mentions = findServiceMentions(record.message, knownServices).filter((m) => m !== record.service);
      for (const m of mentions) entry.mentions.add(m);
      const isError = LEVEL_RANK[record.level] >= LEVEL_RANK.error;
      entry.template = match.template;
      if (LEVEL_RANK[record.level] > LEVEL_RANK[entry.level]) entry.level = record.level;
      if (record.timestamp < baselineEnd) {
        entry.baseline++;
        if (isError) for (const target of mentions) countEdge(edges, record, target, true);
        continue;
      }
      if (entry.incident === 0) entry.firstSeen = record.timestamp;
      entry.incident++;
      entry.lastSeen = record.timestamp;
      if (entry.examples.length < this.options.examples) entry.examples.push(truncate(record.message, 500));
      if (isError) {
        errorLines.set(record.service, (errorLines.get(record.service) ?? 0) + 1);
        for (const target of mentions) countEdge(edges, record, target, false);
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
        via: 'logs',
        share: round(clamp(share), 4),
        strength: round(clamp(share * (1 - Math.exp(-edge.count / 10))), 4),
        summary: `${edge.count} error lines in ${edge.service} name ${edge.target} (${Math.round(share * 100)}% of its errors)`,
      };
      findings.push(finding);
    }
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
      summary: `${entry.service}: ${entry.incident} × ${entry.level} "${truncate(entry.template, 120)}" (${what})`,
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
}

function countEdge(
  edges: Map<string, EdgeCount>,
  record: LogRecord,
  target: string,
  baseline: boolean,
): void {
  const key = `${record.service}\u0000${target}`;
  let edge = edges.get(key);
  if (!edge) {
    edge = { service: record.service, target, count: 0, baseline: 0, first: record.timestamp };
    edges.set(key, edge);
  }
  if (baseline) {
    edge.baseline++;
    return;
  }
  if (edge.count === 0) edge.first = record.timestamp;
  edge.count++;
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

function firstLineOf(message: string): string {
  const newline = message.indexOf('\n');
  return newline === -1 ? message : message.slice(0, newline);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
