export type { DetectOptions, SeriesAnomaly } from './anomaly-types.js';
export { CsvInputError, detectCsv } from './detect-csv.js';
export { detectSeriesAnomaly } from './series-anomaly.js';
export {
  createStreamingDetector,
  DETECTOR_NAMES,
  type DetectorName,
  type StreamingDetector,
  UnknownDetectorError,
} from './streaming-detector.js';
export { forecastExhaustion, mannKendall, theilSen } from './trend.js';
