/**
 * The behaviour every Store must have, as a vitest suite. Each implementation's test file
 * calls `defineStoreContract` with a harness that opens a fresh store and can tamper with
 * its audit log the way someone with access to the raw data would.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import { defineAuditContract } from './contract/audit-contract.js';
import type { ContractContext } from './contract/contract-context.js';
import { defineIncidentContract } from './contract/incident-contract.js';
import { defineLifecycleContract } from './contract/lifecycle-contract.js';
import { defineListingContract } from './contract/listing-contract.js';
import type { Store } from './store.js';

/** Raw edits of the stored audit log, going around whatever protects it (async for networked stores). */
export interface AuditTamper {
  /** Rewrites one entry's detail without fixing its hash. */
  editDetail(seq: number, detail: Record<string, unknown>): void | Promise<void>;
  remove(seq: number): void | Promise<void>;
  /** Exchanges the places of two entries in the log. */
  swap(a: number, b: number): void | Promise<void>;
  /**
   * Rewrites the whole log consistently: entry `seq` gets `detail` and every hash from it on
   * is recomputed (`forgeConsistentRewrite`), so the chain alone still verifies.
   */
  rewrite(seq: number, detail: Record<string, unknown>): void | Promise<void>;
}

export interface StoreHarness {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** A new store over the data of the last `open` (a restart of the process). */
  reopen(): Promise<Store>;
  tamper: AuditTamper;
  /** For stores with a versioned schema: records `version` as the schema version. */
  setSchemaVersion?(version: number): void | Promise<void>;
  cleanup(): void | Promise<void>;
}

export interface StoreContractOptions {
  /** The store keeps a schema version (migrations): test re-opening and refusing newer versions. */
  versionedSchema?: boolean;
}

/** Defines the contract suite for one Store implementation. */
export function defineStoreContract(
  name: string,
  createHarness: () => StoreHarness,
  options: StoreContractOptions = {},
): void {
  describe(`Store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;
    const opened: Store[] = [];

    async function reopen(): Promise<Store> {
      const again = await harness.reopen();
      opened.push(again);
      return again;
    }

    beforeEach(async () => {
      harness = createHarness();
      store = await harness.open();
      opened.push(store);
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await harness.cleanup();
    });

    const context: ContractContext = { store: () => store, harness: () => harness, reopen };
    defineIncidentContract(context);
    defineListingContract(context);
    defineAuditContract(context);
    defineLifecycleContract(context, options.versionedSchema ?? false);
  });
}
