export {
  type ConnectionOptions,
  checkCredentials,
  connectionAuth,
  connectionFields,
  httpClientFor,
} from './connection-options.js';
export { attributeText, type OtlpParseOptions, type OtlpParseResult, parseOtlpTraces } from './otlp-json.js';
export { SpanCollector } from './span-collection.js';
export { type TempoOptions, type TempoOptionsInput, TempoOptionsSchema } from './tempo-options.js';
export { searchParameters, searchTraceIds } from './tempo-search.js';
export { type TempoDependencies, TempoTraceSource } from './tempo-trace-source.js';
export { isZeroId, normalizeId } from './trace-ids.js';
export { type UpstreamError, upstreamError } from './upstream-error.js';
