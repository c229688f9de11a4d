/** The incident manager of `afr serve`: alerts in, incident decisions out. */
export { effectiveLabels, fingerprintOf, groupKeyOf } from './alert-labels.js';
export { incidentIdFor } from './cluster.js';
export type {
  AttachDecision,
  Decision,
  OpenDecision,
  ResolveCandidateDecision,
  SuppressDecision,
  SuppressReason,
} from './decisions.js';
export {
  type FingerprintState,
  IncidentManager,
  type IncidentManagerOptions,
  type IncidentManagerSnapshot,
  type IncidentManagerStats,
} from './incident-manager.js';
export { type Matcher, matchesAll, parseMatcher } from './matchers.js';
export {
  DEFAULT_INHIBIT_RULES,
  GROUP_BY_ALL,
  type IncidentRules,
  type IncidentRulesInput,
  IncidentRulesSchema,
  type InhibitRule,
  type MaintenanceWindow,
  parseIncidentRules,
  type Silence,
  type SilenceInput,
  type ThresholdRule,
} from './rules-schema.js';
export { TopologyIndex } from './topology-index.js';
