export { type JaegerApi, JaegerInternalApi, JaegerV3Api } from './jaeger-api.js';
export { jaegerError } from './jaeger-error.js';
export {
  isErrorSpan,
  type JaegerParseOptions,
  type JaegerParseResult,
  jaegerErrorMessages,
  parseJaegerServices,
  parseJaegerTraces,
} from './jaeger-json.js';
export { type JaegerOptions, type JaegerOptionsInput, JaegerOptionsSchema } from './jaeger-options.js';
export { type JaegerDependencies, JaegerTraceSource } from './jaeger-trace-source.js';
