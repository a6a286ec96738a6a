/**
 * A simulation thread (parallel.ts): steps its range of blocks each period, in place on
 * the shared customer columns, and leaves each block's tally in its slot for the main
 * thread to fold in block order.
 */
import { workerData } from 'node:worker_threads';
import { createContext } from './context.js';
import { stepBlock } from './customer-step.js';
import { blockSlots, Control, saveBlockTally, STOP, writeError, type WorkerSetup } from './parallel.js';

const setup = workerData as WorkerSetup;
const ctx = createContext(setup.scenario, setup.seed, { pop: setup.pop, firms: setup.firms });
const control = new Int32Array(setup.control);
const members = new Float64Array(setup.members);
const { blockSize, firstBlock, endBlock } = setup;
const slotOf = blockSlots(new Float64Array(setup.tallies), endBlock, ctx.block);

for (let generation = 0; ; ) {
  Atomics.wait(control, Control.generation, generation);
  generation = Atomics.load(control, Control.generation);
  const t = Atomics.load(control, Control.period);
  if (t === STOP) break;
  try {
    for (let b = firstBlock; b < endBlock; b++) {
      stepBlock(ctx, b * blockSize, Math.min(ctx.N, (b + 1) * blockSize), t);
      saveBlockTally(ctx.block, slotOf[b]);
    }
    for (let j = 0; j < ctx.M; j++) {
      members[setup.worker * ctx.M + j] = ctx.members[j];
      ctx.members[j] = 0;
    }
  } catch (e) {
    writeError(setup.error, e instanceof Error ? (e.stack ?? e.message) : String(e));
    Atomics.store(control, Control.failed, 1);
  }
  Atomics.add(control, Control.done, 1);
  Atomics.notify(control, Control.done);
}
