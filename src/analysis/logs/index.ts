export { FAILURE_SIGNATURES, matchSignatures, type SignatureMatch } from './failure-signatures.js';
export {
  type FailingRequest,
  type FirstErrorGroup,
  type FlowPathCount,
  type LogRequestFlowOptions,
  type LogRequestFlows,
  logRequestFlows,
} from './log-request-flows.js';
export { type LogVolumeAnomaly, type LogVolumeOptions, logVolumeAnomalies } from './log-volume.js';
export { maskToken, maskVariables, WILDCARD } from './mask-variables.js';
export { groupMultilineEvents } from './multiline-events.js';
export { findServiceMentions } from './service-mentions.js';
export { stableHash } from './stable-hash.js';
export { parseStackTrace } from './stack-trace.js';
export type { StackFrame, StackLanguage, StackTrace } from './stack-trace-types.js';
export {
  type TemplateInfo,
  type TemplateMatch,
  TemplateMiner,
  type TemplateMinerOptions,
} from './template-miner.js';
export { csvField, type TemplatesCsvOptions, templatesCsv } from './templates-csv.js';
export { firstLine, tokenizeMessage } from './tokenize-message.js';
export { truncateLine } from './truncate-line.js';
