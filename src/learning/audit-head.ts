import type { Store } from '../store/store.js';

/**
 * The seq of the newest audit entry (0 when the log is empty), found in O(log n) small
 * queries: seqs are numbered from 1 without gaps, and `listAudit({after_seq, limit: 1})`
 * says whether any entry lies beyond a seq.
 */
export async function auditHead(store: Store): Promise<number> {
  const reaches = async (seq: number) => (await store.listAudit({ after_seq: seq - 1, limit: 1 })).length > 0;
  if (!(await reaches(1))) return 0;
  let low = 1;
  let high = 2;
  while (await reaches(high)) {
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await reaches(middle)) low = middle;
    else high = middle;
  }
  return low;
}
