import { ConfigError, loadConfig } from '../../config/index.js';
import { InputError } from '../input-error.js';

/** `afr config check [file]`: validates a config file and prints the effective settings. */
export async function configCheckCommand(
  file: string | undefined,
  out: NodeJS.WritableStream,
): Promise<void> {
  try {
    const config = await loadConfig(file);
    out.write(`${file ?? 'defaults'}: ok\n`);
    out.write(
      `commander: act above ${config.commander.confidence_threshold}, approve from ${config.commander.approval_threshold}, auto_remediate ${config.commander.auto_remediate}\n`,
    );
  } catch (error) {
    if (error instanceof ConfigError) throw new InputError(error.message);
    throw error;
  }
}
