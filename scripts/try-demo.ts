import { runScenario } from '../src/demo/run-demo.js';
import { SCENARIO_NAMES } from '../src/sim/index.js';

const seeds = process.argv.slice(2).map(Number);
for (const scenario of SCENARIO_NAMES) {
  for (const seed of seeds.length ? seeds : [1]) {
    const t = performance.now();
    try {
      const r = (await runScenario(scenario, seed))!;
      const rep = r.report;
      console.log(
        `${scenario.padEnd(30)} seed ${seed} truth=${r.truth.service}/${r.truth.cause}/${r.truth.remediation} got=${rep.root_cause?.service}/${rep.root_cause?.cause}/${rep.root_cause?.mechanism}/${rep.remediation_plan?.strategy} dec=${rep.decision} conf=${rep.root_cause?.confidence} none=${rep.hypotheses.length} ok=${r.correct_service && r.correct_strategy} ver=${rep.verification?.outcome} ${Math.round(performance.now() - t)}ms`,
      );
    } catch (e) {
      console.log(scenario, seed, 'ERR', (e as Error).stack?.split('\n').slice(0, 4).join(' | '));
    }
  }
}
