import type { AfrConfig } from '../../config/index.js';
import { REPORT_FORMATS, type ReportFormat, renderIncidentPostmortem } from '../../reports/index.js';
import { storeFromConfig } from '../cli-config.js';
import { InputError } from '../input-error.js';

/** `afr report <incident> [--format md|html|json]`: the postmortem from the configured store. */
export async function reportCommand(
  id: string,
  options: { format?: string },
  config: AfrConfig,
  out: NodeJS.WritableStream,
): Promise<void> {
  const format = options.format ?? 'md';
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    throw new InputError(
      `--format: expected one of ${REPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`,
    );
  const store = await storeFromConfig(config);
  try {
    const text = await renderIncidentPostmortem(store, id, format as ReportFormat);
    if (text === undefined) throw new InputError(`no report for incident ${id}`);
    out.write(text);
  } finally {
    await store.close();
  }
}
