import { readFile } from 'node:fs/promises';
import { CsvInputError, detectCsv } from '../../analysis/anomaly/index.js';
import { InputError } from '../input-error.js';

export interface DetectOptions {
  detector?: string;
  sensitivity?: string;
}

/** `afr detect <file.csv>`: online anomaly scores for a `timestamp,value` CSV. */
export async function detectCommand(
  file: string,
  options: DetectOptions,
  out: NodeJS.WritableStream,
): Promise<void> {
  const input = await readInput(file);
  const sensitivity = options.sensitivity === undefined ? undefined : Number(options.sensitivity);
  if (sensitivity !== undefined && !(sensitivity >= 0 && sensitivity <= 1)) {
    throw new InputError(
      `--sensitivity: expected a number between 0 and 1, got ${JSON.stringify(options.sensitivity)}`,
    );
  }
  try {
    out.write(detectCsv(input, { detector: options.detector, sensitivity }));
  } catch (error) {
    if (error instanceof CsvInputError) throw new InputError(`${file}: ${error.message}`);
    if (error instanceof Error && /detector/i.test(error.message)) throw new InputError(error.message);
    throw error;
  }
}

export async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}
