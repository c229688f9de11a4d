export type StackLanguage = 'java' | 'python' | 'node' | 'go' | 'dotnet';

export interface StackFrame {
  function: string;
  file?: string;
  line?: number;
  /** Java/.NET class, Go package path or npm package the frame belongs to. */
  module?: string;
  /** True unless the frame is from the runtime, the standard library or a well-known framework. */
  in_app: boolean;
}

export interface StackTrace {
  language: StackLanguage;
  exception_type: string;
  message: string;
  /** The message with its variables masked (see `maskVariables`). */
  message_template: string;
  /** In-app frames first, then the others; innermost (crashing) frame first within each group. */
  frames: StackFrame[];
  /** Hash of language, exception type and the top in-app function names; no line numbers. */
  fingerprint: string;
  caused_by?: StackTrace;
}

/** What a language parser extracts before the common finishing (order, template, hash). */
export interface RawTrace {
  exception_type: string;
  message: string;
  /** Innermost (crashing) frame first. */
  frames: StackFrame[];
  caused_by?: RawTrace;
}
