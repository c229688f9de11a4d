/** `afr audit verify|export`: on the store config.yml names (decisions: decisions.ts). */
import type { AfrConfig } from '../../config/index.js';
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
