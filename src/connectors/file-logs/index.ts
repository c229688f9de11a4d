/** The log file connector: search files on disk, or follow one as it grows. */
export * from './file-log-source.js';
export * from './file-logs-options.js';
export * from './follow-log-file.js';
export * from './line-parser.js';
export * from './line-splitter.js';
export * from './log-files.js';
export * from './record-assembler.js';
