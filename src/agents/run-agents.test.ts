import { describe, expect, it } from 'vitest';
import { TelemetryStore } from '../connectors/memory/index.js';
import type { AgentName } from '../core/index.js';
import type { AgentResult, InvestigationAgent, InvestigationContext } from './agent.js';
import { runAgents } from './run-agents.js';
import { memoryPorts, testAlert, testPlan } from './testing/context.js';

function base(mode: 'parallel' | 'sequential', deadlines: Record<string, number> = {}) {
  return {
    alert: testAlert('api'),
    plan: testPlan(['api'], {
      mode,
      deadlines_ms: { metrics: 2000, logs: 2000, deploy: 2000, ...deadlines },
    }),
    ports: memoryPorts(new TelemetryStore()),
    topology: undefined,
  };
}

const empty = (agent: AgentName): AgentResult => ({
  agent,
  findings: [],
  observed_services: ['api'],
  sources: [{ source: agent, status: 'ok' }],
  duration_ms: 0,
});

/** An agent that logs when it starts and ends, after `delayMs`. */
function timedAgent(name: AgentName, delayMs: number, log: string[]): InvestigationAgent {
  return {
    name,
    async investigate() {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      log.push(`end ${name}`);
      return empty(name);
    },
  };
}

describe('runAgents', () => {
  it('turns a hanging agent into a timeout finding and keeps the others', async () => {
    let sawAbort = false;
    const hanging: InvestigationAgent = {
      name: 'logs',
      investigate(context: InvestigationContext) {
        context.signal.addEventListener('abort', () => {
          sawAbort = true;
        });
        return new Promise<AgentResult>(() => {});
      },
    };
    const started = performance.now();
    const results = await runAgents([hanging, timedAgent('metrics', 1, [])], base('parallel', { logs: 50 }));
    expect(performance.now() - started).toBeLessThan(1500);
    expect(results.map((r) => r.agent)).toEqual(['logs', 'metrics']);
    const [logs, metrics] = results;
    expect(logs.sources).toEqual([
      { source: 'logs', status: 'timeout', detail: 'logs agent timed out after 50 ms' },
    ]);
    expect(logs.findings).toHaveLength(1);
    expect(logs.findings[0]).toMatchObject({
      kind: 'source_error',
      status: 'timeout',
      agent: 'logs',
      service: null,
    });
    expect(metrics.sources[0].status).toBe('ok');
    expect(sawAbort).toBe(true);
  });

  it('turns a throwing agent into an error finding with its message', async () => {
    const throwing: InvestigationAgent = {
      name: 'deploy',
      async investigate() {
        throw new Error('change API returned 500');
      },
    };
    const [result] = await runAgents([throwing], base('parallel'));
    expect(result.findings[0]).toMatchObject({
      kind: 'source_error',
      status: 'error',
      message: 'deploy agent failed: change API returned 500',
    });
    expect(result.sources[0].status).toBe('error');
    expect(result.observed_services).toEqual([]);
  });

  it('runs agents one after another in sequential mode', async () => {
    const log: string[] = [];
    await runAgents([timedAgent('metrics', 15, log), timedAgent('logs', 1, log)], base('sequential'));
    expect(log).toEqual(['start metrics', 'end metrics', 'start logs', 'end logs']);
  });

  it('runs agents together in parallel mode', async () => {
    const log: string[] = [];
    const results = await runAgents(
      [timedAgent('metrics', 15, log), timedAgent('logs', 1, log)],
      base('parallel'),
    );
    expect(log).toEqual(['start metrics', 'start logs', 'end logs', 'end metrics']);
    expect(results.map((r) => r.agent)).toEqual(['metrics', 'logs']);
  });
});
