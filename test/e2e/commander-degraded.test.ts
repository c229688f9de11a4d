import { describe, expect, it } from 'vitest';
import type { AgentResult, InvestigationAgent } from '../../src/agents/agent.js';
import { CommanderAgent } from '../../src/agents/commander.js';
import { MetricsAgent } from '../../src/agents/metrics-agent.js';
import { Alert, Severity } from '../../src/core/index.js';
import { MemoryStore } from '../../src/store/memory-store.js';

const alert = () =>
  Alert.create({
    id: 'INC-T-1',
    service: 'payment-service',
    severity: Severity.CRITICAL,
    message: 'Database timeout',
  });

describe('Commander with missing or failing data', () => {
  it('with no data sources at all, escalates and says what was missing', async () => {
    const store = new MemoryStore();
    const report = await new CommanderAgent({ store }).handleAlert(alert());
    expect(report.decision).toBe('escalate');
    expect(report.root_cause).toBeNull();
    expect(report.missing_data.join('\n')).toMatch(/metrics/);
    expect(report.missing_data.join('\n')).toMatch(/logs/);
    expect(report.state).toBe('escalated');
    const phases = await store.getPhases(report.incident_id);
    expect(phases.map((p) => p.phase)).toEqual(['detect', 'plan', 'investigate', 'decide', 'act', 'report']);
    expect((await store.verifyAudit()).ok).toBe(true);
  });

  it('an agent that hangs past its deadline yields an error finding, not a crash', async () => {
    const hanging: InvestigationAgent = {
      name: 'logs',
      investigate: () => new Promise<AgentResult>(() => undefined),
    };
    const failing: InvestigationAgent = {
      name: 'deploy',
      investigate: async () => {
        throw new Error('ArgoCD returned 502');
      },
    };
    const commander = new CommanderAgent({
      logsAgent: hanging,
      deployAgent: failing,
      metricsAgent: new MetricsAgent(),
      investigationDeadlineMs: 50,
    });
    const report = await commander.handleAlert(alert());
    const errors = report.findings.filter((f) => f.kind === 'source_error');
    expect(errors.map((e) => (e.kind === 'source_error' ? e.status : ''))).toEqual(
      expect.arrayContaining(['timeout', 'error']),
    );
    expect(report.missing_data.join('\n')).toMatch(/timed out after 50 ms/);
    expect(report.missing_data.join('\n')).toMatch(/ArgoCD returned 502/);
    expect(report.phases.find((p) => p.phase === 'investigate')?.status).toBe('degraded');
  });

  it('refuses an alert with an unknown severity, naming the field', async () => {
    await expect(
      new CommanderAgent().handleAlert({
        id: 'x',
        timestamp: 1,
        service: 's',
        severity: 'urgent',
        message: '',
      }),
    ).rejects.toThrow(/severity/);
  });
});
