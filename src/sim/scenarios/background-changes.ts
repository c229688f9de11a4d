/**
 * The changes of an ordinary day (innocent deploys, config tweaks, flags, scale events)
 * and the red herrings near the onset: an innocent deploy on a healthy service and
 * short spikes on healthy services.
 */
import type { WorldEngine } from '../engine/world-engine.js';
import { currentConfig } from '../engine/world-state.js';
import type { Rng } from '../random.js';
import { appServicesWithCallers, internalServices } from './eligibility.js';
import { commitMessage, type FaultPlan } from './fault-plans.js';

const CONFIG_TWEAKS = [
  'http.client.timeout_ms 3000 -> 3500',
  'cache.ttl_seconds 300 -> 600',
  'log.level INFO -> WARN',
  'rate_limit.per_client 100 -> 120',
  'tracing.sample_rate 0.05 -> 0.1',
  'jvm.flags -XX:MaxGCPauseMillis=200 -> 150',
];

const FLAGS = [
  'flag new-address-form rollout 10% -> 25%',
  'flag semantic-ranking enabled',
  'flag one-click-reorder enabled for beta users',
  'flag recommendations-v2 rollout 50% -> 100%',
];

/** Schedules routine changes over [from, until] and the red herrings around the onset. */
export function scheduleBackgroundChanges(
  engine: WorldEngine,
  rng: Rng,
  plan: FaultPlan,
  from: number,
  until: number,
): void {
  const apps = appServicesWithCallers(engine.graph).concat(
    engine.graph.topology.services.filter((s) => s.entry_weight > 0 && s.tier !== 'external'),
  );
  if (apps.length === 0) return;
  const quietStart = plan.onset - 12 * 60;
  const quietEnd = plan.onset + 25 * 60;
  for (let at = from + rng.range(120, 600); at < until; at += rng.range(360, 840)) {
    if (at >= quietStart && at <= quietEnd) continue;
    const service = rng.pick(apps).name;
    const roll = rng.next();
    const when = Math.round(at);
    if (roll < 0.5) {
      if (service === plan.target && when > plan.onset - 20 * 60) continue;
      scheduleInnocentDeploy(engine, rng, service, when);
    } else if (roll < 0.7) {
      if (service === plan.target) continue;
      const tweak = rng.pick(CONFIG_TWEAKS);
      engine.schedule.add(when, 'routine config', () => {
        const pool = currentConfig(engine.state(service)).pool_size;
        engine.applyConfig(
          service,
          { version: engine.nextConfigVersion(service), ...(pool ? { pool_size: pool } : {}) },
          when,
          tweak,
        );
      });
    } else if (roll < 0.85) {
      const flag = rng.pick(FLAGS);
      engine.schedule.add(when, 'routine flag', () => {
        engine.recordChange({ timestamp: when, service, kind: 'feature_flag', description: flag });
      });
    } else {
      if (service === plan.target) continue;
      engine.schedule.add(when, 'routine scale', () => {
        const state = engine.state(service);
        const utilization = engine.snapshots.get(service)?.utilization ?? 1;
        if (utilization > 0.55) return;
        engine.scale(
          service,
          state.replicas + 1,
          when,
          `HPA: replicas ${state.replicas} -> ${state.replicas + 1} (cpu target 60%)`,
          'hpa',
        );
      });
    }
  }
  scheduleRedHerrings(engine, rng, plan);
}

function scheduleInnocentDeploy(engine: WorldEngine, rng: Rng, service: string, when: number): void {
  engine.schedule.add(when, 'routine deploy', () => {
    const version = engine.nextVersion(service, rng);
    engine.deploy(
      service,
      { version, commit: rng.hex(7) },
      when,
      `Deploy ${service} ${version}: ${commitMessage(rng)}`,
    );
  });
}

function scheduleRedHerrings(engine: WorldEngine, rng: Rng, plan: FaultPlan): void {
  const affected = engine.graph.upstreamOf(plan.target);
  affected.add(plan.target);
  const healthyApps = appServicesWithCallers(engine.graph).filter((s) => !affected.has(s.name));
  if (healthyApps.length && rng.chance(0.75)) {
    const when = Math.round(plan.onset + rng.range(-300, 180));
    scheduleInnocentDeploy(engine, rng, rng.pick(healthyApps).name, when);
  }
  const healthy = internalServices(engine.graph).filter((s) => !affected.has(s.name));
  if (healthy.length && rng.chance(0.6)) {
    for (let i = rng.int(1, 2); i > 0; i--) {
      const start = plan.onset + rng.range(-180, 180);
      const latency = rng.chance(0.6);
      engine.emissionBlips.push({
        service: rng.pick(healthy).name,
        start,
        end: start + engine.stepSeconds * rng.int(1, 3),
        latency_factor: latency ? rng.range(1.8, 2.8) : 1,
        error_add: latency ? 0 : rng.range(0.01, 0.03),
      });
    }
  }
}
