/**
 * How alike two incidents are: weighted Jaccard per fingerprint facet
 * (Σ min(a, b) / Σ max(a, b) over the union of keys), combined with facet weights. A facet
 * empty in both incidents says nothing and is left out, so two incidents without changes
 * are not called alike for that; a facet present in only one counts as 0.
 */
import { FINGERPRINT_FACETS, type FingerprintFacet, type IncidentFingerprint } from './fingerprint.js';

/** The metric signature and the services weigh most; templates and changes refine. */
export const FACET_WEIGHTS: Record<FingerprintFacet, number> = {
  services: 0.3,
  templates: 0.2,
  metrics: 0.35,
  changes: 0.15,
};

export function weightedJaccard(a: Record<string, number>, b: Record<string, number>): number {
  let shared = 0;
  let union = 0;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key] ?? 0;
    const y = b[key] ?? 0;
    shared += Math.min(x, y);
    union += Math.max(x, y);
  }
  return union > 0 ? shared / union : 0;
}

/** 0..1; 1 for identical fingerprints. */
export function fingerprintSimilarity(a: IncidentFingerprint, b: IncidentFingerprint): number {
  let total = 0;
  let weights = 0;
  for (const facet of FINGERPRINT_FACETS) {
    if (isEmpty(a[facet]) && isEmpty(b[facet])) continue;
    total += FACET_WEIGHTS[facet] * weightedJaccard(a[facet], b[facet]);
    weights += FACET_WEIGHTS[facet];
  }
  return weights > 0 ? total / weights : 0;
}

function isEmpty(facet: Record<string, number>): boolean {
  for (const _ in facet) return false;
  return true;
}
