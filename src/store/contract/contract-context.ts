import type { Store } from '../store.js';
import type { StoreHarness } from '../store-contract.js';

/** What each part of the contract suite reads: the store under test and its harness. */
export interface ContractContext {
  store(): Store;
  harness(): StoreHarness;
  /** A new store over the same data, closed after the test. */
  reopen(): Promise<Store>;
}
