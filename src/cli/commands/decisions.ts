/**
 * `afr approve|reject|override|takeover <incident>`: a human's decision, on the store and
 * with the actuator and data config.yml names. The execution lease and per-service locks go
 * through the store's coordination, so `afr serve` sees a CLI-approved execution as alive.
 */
import { CommanderAgent } from '../../agents/commander.js';
import { commanderOptionsFromConfig, dataDirFrom } from '../../agents/commander-config.js';
import { DecisionConflictError, IncidentNotFoundError } from '../../agents/human-decisions.js';
import { parseRootCause, type RootCauseChoice } from '../../agents/root-cause-choice.js';
import type { AfrConfig } from '../../config/index.js';
import { type IncidentState, STRATEGIES, type Strategy } from '../../core/index.js';
import { serviceLockFromCoordination } from '../../remediation/service-lock.js';
import { actuatorFromConfig } from '../../server/actuator-from-config.js';
import { dataPortsFromConfig } from '../../server/data-ports.js';
import { openStorage } from '../../store/index.js';
import { InputError } from '../input-error.js';

export type DecisionKind = 'approve' | 'reject' | 'override' | 'takeover';

export interface DecisionOptions {
  reason?: string;
  comment?: string;
  as?: string;
  strategy?: string;
  target?: string;
  rootCause?: string;
}

/** The states each decision applies to (taken_over goes through, to be refused and audited). */
const ALLOWED: Record<DecisionKind, readonly IncidentState[]> = {
  approve: ['awaiting_approval'],
  reject: ['awaiting_approval'],
  override: ['awaiting_approval', 'escalated'],
  takeover: [
    'detected',
    'investigating',
    'decided',
    'awaiting_approval',
    'remediating',
    'verifying',
    'escalated',
    'failed',
  ],
};

type Override =
  | { kind: 'strategy'; strategy: Strategy; target?: string }
  | { kind: 'root_cause'; choice: RootCauseChoice };

/** Reads `--strategy S [--target T]` or `--root-cause SERVICE[:cause]`; errors name the option. */
export function overrideFromOptions(options: DecisionOptions): Override {
  if (options.rootCause !== undefined && (options.strategy !== undefined || options.target !== undefined))
    throw new InputError('--root-cause: give either --root-cause or --strategy [--target], not both');
  if (options.rootCause !== undefined) {
    try {
      return { kind: 'root_cause', choice: parseRootCause(options.rootCause) };
    } catch (error) {
      throw new InputError(`--root-cause: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (options.strategy === undefined)
    throw new InputError('--strategy: required (or --root-cause SERVICE[:cause])');
  const actionable = STRATEGIES.filter((s) => s !== 'none');
  if (!(actionable as readonly string[]).includes(options.strategy))
    throw new InputError(
      `--strategy: expected one of ${actionable.join(', ')}, got ${JSON.stringify(options.strategy)}`,
    );
  if (options.target !== undefined && !options.target.trim())
    throw new InputError('--target: must not be empty');
  return { kind: 'strategy', strategy: options.strategy as Strategy, target: options.target };
}

export async function decisionCommand(
  kind: DecisionKind,
  incidentId: string,
  options: DecisionOptions,
  config: AfrConfig,
  out: NodeJS.WritableStream,
): Promise<number> {
  const override = kind === 'override' ? overrideFromOptions(options) : undefined;
  const storage = await openStorage({
    driver: config.store.driver,
    dataDir: dataDirFrom(config),
    url: config.store.url,
    schema: config.store.schema,
  });
  try {
    const { store } = storage;
    const actor = options.as ?? process.env.USER ?? 'cli';
    // Check the incident before wiring connectors: a wrong id is bad input, whatever the config.
    const incident = await store.getIncident(incidentId);
    if (!incident) throw new IncidentNotFoundError(incidentId);
    if (incident.state !== 'taken_over' && !ALLOWED[kind].includes(incident.state)) {
      throw new DecisionConflictError(
        `incident ${incidentId} is ${incident.state}; expected ${ALLOWED[kind].join(' or ')}`,
      );
    }
    const acts = kind === 'approve' || kind === 'override';
    const commander = new CommanderAgent({
      ...commanderOptionsFromConfig(config),
      store,
      ports: acts ? dataPortsFromConfig(config).ports : {},
      actuator: acts ? actuatorFromConfig(config) : undefined,
      serviceLock: serviceLockFromCoordination(storage.coordination),
    });
    const decide = () => {
      if (kind === 'approve') return commander.approve(incidentId, actor, options.comment);
      if (kind === 'reject') return commander.reject(incidentId, actor, options.reason ?? '');
      if (kind === 'takeover') return commander.takeover(incidentId, actor, options.reason);
      if (override?.kind === 'root_cause')
        return commander.overrideRootCause(incidentId, actor, {
          ...override.choice,
          comment: options.comment,
        });
      if (override?.kind === 'strategy')
        return commander.override(incidentId, actor, {
          strategy: override.strategy,
          target: override.target,
          comment: options.comment,
        });
      throw new InputError('override: --strategy or --root-cause required');
    };
    const result = await decide();
    out.write(`${incidentId}: ${result.outcome}; state ${result.incident.state}\n`);
    for (const action of result.actions)
      out.write(
        `  ${action.strategy} on ${action.target}: ${action.status}${action.reason ? ` (${action.reason})` : ''}\n`,
      );
    return 0;
  } finally {
    await storage.close();
  }
}
