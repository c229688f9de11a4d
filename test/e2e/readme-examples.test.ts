import { describe, expect, it } from 'vitest';
import {
  Alert,
  CausalReasoningEngine,
  CommanderAgent,
  createSimWorld,
  DeployIntelligenceAgent,
  LogsAgent,
  MetricsAgent,
  RemediationEngine,
  Severity,
  simulatedCommanderOptions,
} from '../../src/index.js';

// These mirror the README's "Basic usage" and "Advanced usage" sections.
describe('README examples', () => {
  it('basic usage: with no data, afr escalates and says what is missing', async () => {
    const commander = new CommanderAgent();
    const alert = Alert.create({
      id: 'INC-2024-001',
      service: 'payment-service',
      severity: Severity.CRITICAL,
      message: 'Database timeout - 247 failed requests',
    });
    const report = await commander.handleAlert(alert);
    expect(report.decision).toBe('escalate');
    expect(report.missing_data[0]).toMatch(/^metrics: metrics absent/);
  });

  it('advanced usage: agents, causal reasoning and the simulated cloud', async () => {
    const world = createSimWorld({ scenario: 'db-connection-exhaustion', seed: 7 });
    const alert = world.runUntilAlert();
    expect(alert).not.toBeNull();
    const commander = new CommanderAgent({
      ...simulatedCommanderOptions(world),
      logsAgent: new LogsAgent(),
      metricsAgent: new MetricsAgent(),
      deployAgent: new DeployIntelligenceAgent(),
      reasoning: new CausalReasoningEngine(),
      remediation: new RemediationEngine(),
    });
    const result = await commander.handleAlert(alert!);
    expect(result.hypotheses.length).toBeGreaterThan(0);
    const plan = result.remediation_plan!;
    expect(plan.strategy).toBe(world.truth.remediation);
    expect(plan.predicted_success_rate).toBeGreaterThan(0);
    expect(result.hypotheses[0].service).toBe(world.truth.service);
  });
});
