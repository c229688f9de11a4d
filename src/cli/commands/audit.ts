/** `afr audit verify|export`: on the store config.yml names (decisions: decisions.ts). */
import type { AfrConfig } from '../../config/index.js';
import { checkAuditHead, formatAuditHead, parseAuditHead, rewrittenRange } from '../../store/audit-head.js';
import type { AuditHead } from '../../store/store.js';
import { InvalidStoreInputError } from '../../store/store-errors.js';
import { storeFromConfig } from '../cli-config.js';
import { InputError } from '../input-error.js';

export interface AuditVerifyOptions {
  /**
   * Heads recorded outside the store (`SEQ:HASH`, from the service log's `audit chain head`
   * lines or a notification): each must still be in the chain, which catches a consistent
   * rewrite of the whole log that the chain alone cannot show.
   */
  head?: string[];
}

/**
 * Prints the chain's verdict and, for each `--head`, whether that entry still has that hash;
 * exit code 1 when an entry was edited, deleted, reordered or rewritten.
 */
export async function auditVerifyCommand(
  config: AfrConfig,
  out: NodeJS.WritableStream,
  options: AuditVerifyOptions = {},
): Promise<number> {
  const heads = parseHeads(options.head ?? []);
  const store = await storeFromConfig(config);
  try {
    let intact = true;
    const verdict = await store.verifyAudit();
    if (verdict.ok) {
      out.write(
        `audit log intact: ${verdict.entries} entries, head ${formatAuditHead({ seq: verdict.entries, hash: verdict.head })}\n`,
      );
    } else {
      out.write(`audit log TAMPERED at entry ${verdict.seq}: ${verdict.reason}\n`);
      intact = false;
    }
    const checks = [];
    for (const head of heads) {
      const check = await checkAuditHead(store, head);
      checks.push(check);
      if (check.ok) out.write(`recorded head ${formatAuditHead(head)}: still in the chain\n`);
      else
        out.write(
          `recorded head ${formatAuditHead(head)}: REWRITTEN at entry ${check.seq}: ${check.reason}\n`,
        );
    }
    const range = rewrittenRange(checks);
    if (range) {
      out.write(
        range.from === range.to
          ? `the first changed entry is entry ${range.to}\n`
          : `the first changed entry is one of entries ${range.from} to ${range.to}\n`,
      );
    }
    return intact && checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    await store.close();
  }
}

function parseHeads(texts: readonly string[]): AuditHead[] {
  try {
    return texts.map((text) => parseAuditHead(text, '--head'));
  } catch (error) {
    if (error instanceof InvalidStoreInputError) throw new InputError(error.message);
    throw error;
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
