/**
 * The period loop of the full model (`standard`'s scenario) at any size, for profilers:
 *
 *   node dist/bench/loop.js N T [--from-start]
 *
 * prints one JSON line: decisions, CPU and wall seconds of the period loop, and nanoseconds
 * per decision. `bench/instructions.sh` runs it under cachegrind at two horizons and
 * subtracts, which leaves the instructions per decision of the warmed-up loop;
 * `perf record` / `node --cpu-prof` can wrap it directly (docs/performance.md).
 */
import { createSimulation, createStepper, stepPeriod } from '../src/model/simulate.js';
import { fullModel, PROGRAMS_FROM_START } from './cases.js';

const [customers = '40000', periods = '260'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const N = Number(customers);
const T = Number(periods);
const fromStart = process.argv.includes('--from-start');
const sim = createSimulation(fullModel(N, T, fromStart ? PROGRAMS_FROM_START : []), 1);
const stepper = await createStepper(sim, 1, 1);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let t = 0; t < T; t++) stepPeriod(sim, t, stepper);
const wall = (performance.now() - t0) / 1000;
const used = process.cpuUsage(cpu0);
const cpu = (used.user + used.system) / 1e6;
await stepper.close();
let decisions = 0;
for (let t = 0; t < T; t++) decisions += sim.result.market.shoppers[t];
console.log(JSON.stringify({ customers: N, periods: T, decisions, cpuSeconds: cpu, wallSeconds: wall, nsPerDecisionCpu: (cpu * 1e9) / decisions, nsPerDecisionWall: (wall * 1e9) / decisions }));
