import { templatesCsv } from '../../analysis/logs/index.js';
import { InputError } from '../input-error.js';
import { readInput } from './detect.js';

/** `afr logs templates <file|->`: one log message per line in, CSV `line,template_id,template` out. */
export async function logsTemplatesCommand(
  file: string,
  options: { format?: string },
  out: NodeJS.WritableStream,
): Promise<void> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'jsonl') {
    throw new InputError(`--format: expected text or jsonl, got ${JSON.stringify(format)}`);
  }
  const input = await readInput(file);
  try {
    out.write(templatesCsv(input, { format }));
  } catch (error) {
    throw new InputError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
