import { exportScenarioBundle, SCENARIO_NAMES } from '../src/sim/index.js';

const [out, from, to] = [process.argv[2], Number(process.argv[3] ?? 1), Number(process.argv[4] ?? 2)];
let i = 0;
for (let seed = from; seed <= to; seed++)
  for (const scenario of SCENARIO_NAMES)
    await exportScenarioBundle({ scenario, seed, out: `${out}/b${String(++i).padStart(4, '0')}` });
