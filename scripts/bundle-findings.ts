import { CommanderAgent } from '../src/agents/commander.js';
import { bundlePorts, readBundle } from '../src/connectors/bundle/index.js';
import { ManualClock } from '../src/connectors/memory/clocks.js';
import { Alert } from '../src/core/index.js';

const b = await readBundle(process.argv[2]);
const r = await new CommanderAgent({
  ports: bundlePorts(b),
  clock: new ManualClock(b.manifest.window.end),
  planOnly: true,
}).handleAlert(Alert.parse(b.manifest.alert), {
  dataStart: b.manifest.window.start,
  dataEnd: b.manifest.window.end,
});
for (const f of r.findings)
  if (f.kind === 'dependency_error' || (f.kind === 'log_pattern' && f.mentions.length))
    console.log(
      f.kind,
      f.service,
      f.kind === 'dependency_error'
        ? `${f.target} n=${f.count} share=${f.share} str=${f.strength} first=${Math.round(f.first_seen - r.alert.timestamp)}`
        : `${f.count}/${f.baseline_count} ${f.novel} ${f.mentions} ${f.template.slice(0, 80)}`,
    );
for (const f of r.findings)
  if (f.kind === 'metric_anomaly' && f.strength > 0.5 && f.service === 'coupons-api')
    console.log(f.metric, f.shape, Math.round(f.onset - r.alert.timestamp));
