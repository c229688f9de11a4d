import { forgeConsistentRewrite } from './contract/audit-rewrite.js';
import { createMemoryStoreData, MemoryStore, type MemoryStoreData } from './memory-store.js';
import { defineStoreContract, type StoreHarness } from './store-contract.js';

function memoryHarness(): StoreHarness {
  let data: MemoryStoreData = createMemoryStoreData();
  const indexOf = (seq: number) => {
    const index = data.audit.findIndex((e) => e.seq === seq);
    if (index < 0) throw new Error(`no audit entry ${seq}`);
    return index;
  };
  return {
    async open() {
      data = createMemoryStoreData();
      return new MemoryStore(data);
    },
    async reopen() {
      return new MemoryStore(data);
    },
    tamper: {
      editDetail(seq, detail) {
        data.audit[indexOf(seq)].detail = detail;
      },
      remove(seq) {
        data.audit.splice(indexOf(seq), 1);
      },
      swap(a, b) {
        const [i, j] = [indexOf(a), indexOf(b)];
        [data.audit[i], data.audit[j]] = [data.audit[j], data.audit[i]];
      },
      rewrite(seq, detail) {
        data.audit.splice(0, data.audit.length, ...forgeConsistentRewrite(data.audit, seq, detail));
      },
    },
    cleanup() {},
  };
}

defineStoreContract('MemoryStore', memoryHarness);
