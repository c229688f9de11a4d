import { runScenario } from '../src/demo/run-demo.js';
import type { ScenarioName } from '../src/sim/index.js';

const [scenario, seedText] = process.argv.slice(2);
const r = (await runScenario(scenario as ScenarioName, Number(seedText ?? 1)))!;
console.log('truth', r.truth, 'alert', r.report.alert.service, r.report.alert.message);
for (const f of r.report.findings) {
  if (f.kind === 'metric_anomaly')
    console.log(
      '  M',
      f.service,
      f.metric,
      f.shape,
      f.direction,
      'str',
      f.strength,
      'onset',
      Math.round(f.onset - r.report.alert.timestamp),
      'util',
      f.utilization,
      f.ongoing ? 'ongoing' : 'cleared',
    );
  else if (f.kind === 'log_pattern')
    console.log(
      '  L',
      f.service,
      f.level,
      f.count,
      f.baseline_count,
      f.novel ? 'NOVEL' : '',
      f.signature ?? '',
      f.mentions.join(','),
      f.template.slice(0, 90),
    );
  else if (f.kind === 'change')
    console.log(
      '  C',
      f.service,
      f.change_kind,
      Math.round(f.timestamp - r.report.alert.timestamp),
      f.description,
    );
  else console.log('  ', f.kind, f.service, f.summary);
}
for (const h of r.report.hypotheses.slice(0, 4)) {
  console.log(`#${h.rank} ${h.service} ${h.cause} ${h.mechanism} p=${h.probability} c=${h.confidence}`);
  for (const e of h.evidence) console.log(`     ${e.log_lr} [${e.agent}] ${e.summary}`);
}
console.log('decision', r.report.decision, r.report.decision_reason);
