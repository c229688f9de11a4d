import type { AfrConfig } from '../../config/index.js';
import { generateIncidentInsights, renderInsights } from '../../reports/insights.js';
import { storeFromConfig } from '../cli-config.js';

/** `afr insights [--json]`: the seed's insights from the configured store's history. */
export async function insightsCommand(
  options: { json?: boolean },
  config: AfrConfig,
  out: NodeJS.WritableStream,
): Promise<void> {
  const store = await storeFromConfig(config);
  try {
    const insights = await generateIncidentInsights(store);
    out.write(options.json ? `${JSON.stringify(insights, null, 2)}\n` : renderInsights(insights));
  } finally {
    await store.close();
  }
}
