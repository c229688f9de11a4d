/** `afr audit verify|export` and `afr approve|reject`: on the store config.yml names. */
import { CommanderAgent } from '../../agents/commander.js';
import { commanderOptionsFromConfig } from '../../agents/commander-config.js';
import { DecisionConflictError, IncidentNotFoundError } from '../../agents/human-decisions.js';
import type { AfrConfig } from '../../config/index.js';
import { actuatorFromConfig } from '../../server/actuator-from-config.js';
import { dataPortsFromConfig } from '../../server/data-ports.js';
import { storeFromConfig } from '../cli-config.js';

/** Prints the chain's verdict; exit code 1 when an entry was edited, deleted or reordered. */
export async function auditVerifyCommand(config: AfrConfig, out: NodeJS.WritableStream): Promise<number> {
  const store = await storeFromConfig(config);
  try {
    const verdict = await store.verifyAudit();
    if (verdict.ok) {
      out.write(`audit log intact: ${verdict.entries} entries, head ${verdict.head}\n`);
      return 0;
    }
    out.write(`audit log TAMPERED at entry ${verdict.seq}: ${verdict.reason}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

/** Every audit entry as one JSON line, oldest first (`--incident` for one incident's). */
export async function auditExportCommand(
  options: { incident?: string },
  config: AfrConfig,
  out: NodeJS.WritableStream,
): Promise<void> {
  const store = await storeFromConfig(config);
  try {
    let after = 0;
    for (;;) {
      const page = await store.listAudit({ incident_id: options.incident, after_seq: after, limit: 1000 });
      for (const entry of page) out.write(`${JSON.stringify(entry)}\n`);
      if (page.length < 1000) break;
      after = page[page.length - 1]?.seq ?? after;
    }
  } finally {
    await store.close();
  }
}

/** Approve or reject an incident awaiting approval, with the actuator and data config.yml names. */
export async function decisionCommand(
  kind: 'approve' | 'reject',
  incidentId: string,
  options: { reason?: string; comment?: string; as?: string },
  config: AfrConfig,
  out: NodeJS.WritableStream,
): Promise<number> {
  const store = await storeFromConfig(config);
  try {
    const actor = options.as ?? process.env.USER ?? 'cli';
    // Check the incident before wiring connectors: a wrong id is bad input, whatever the config.
    const incident = await store.getIncident(incidentId);
    if (!incident) throw new IncidentNotFoundError(incidentId);
    if (incident.state !== 'awaiting_approval') {
      throw new DecisionConflictError(
        `incident ${incidentId} is ${incident.state}; expected awaiting_approval`,
      );
    }
    const commander = new CommanderAgent({
      ...commanderOptionsFromConfig(config),
      store,
      ports: kind === 'approve' ? dataPortsFromConfig(config).ports : {},
      actuator: kind === 'approve' ? actuatorFromConfig(config) : undefined,
    });
    const result =
      kind === 'approve'
        ? await commander.approve(incidentId, actor, options.comment)
        : await commander.reject(incidentId, actor, options.reason ?? '');
    out.write(`${incidentId}: ${result.outcome}; state ${result.incident.state}\n`);
    for (const action of result.actions)
      out.write(`  ${action.strategy} on ${action.target}: ${action.status}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
