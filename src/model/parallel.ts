/**
 * One run's customers split over worker threads.
 *
 * Why the result stays byte-identical to the single-thread run:
 * - within a period customers touch only their own state; word of mouth goes to next
 *   period's inbox (atomic, saturating counts: the same in any order);
 * - draws are addressed by (stream, customer, period), not drawn from a shared sequence;
 * - every block of BLOCK_SIZE customers adds into its own tally, and the blocks' tallies
 *   are folded into the period's tally in block order, exactly as simulate.ts folds them;
 * - the running member counts are whole numbers, summed from the threads' increments.
 *
 * The customer columns and the firm table live in SharedArrayBuffers, so workers step
 * customers in place and see the firm decisions the main thread makes between periods.
 * Threads meet twice a period on an Int32Array with Atomics (start, done), so stepping is
 * synchronous for the caller, like the single-thread loop. The main thread steps the
 * first range of blocks itself.
 */
import { Worker } from 'node:worker_threads';
import { compiledWorkerUrl } from '../io/worker-file.js';
import type { Context } from './context.js';
import { stepBlock } from './customer-step.js';
import type { Stepper } from './simulate.js';
import { foldTally, resetTally, type Tally } from './tally.js';

/** Slots of the control array. */
export const Control = { generation: 0, period: 1, done: 2, failed: 3 } as const;
export const CONTROL_SLOTS = 4;
/** The period value that tells workers to exit. */
export const STOP = -1;
const ERROR_BYTES = 4096;


/** What a worker needs to build its view of the run (parallel-worker.ts). */
export interface WorkerSetup {
  readonly scenario: Context['scenario'];
  readonly seed: number;
  readonly pop: Context['pop'];
  readonly firms: Context['firms'];
  readonly blockSize: number;
  readonly firstBlock: number;
  readonly endBlock: number;
  readonly control: SharedArrayBuffer;
  readonly tallies: SharedArrayBuffer;
  readonly members: SharedArrayBuffer;
  readonly worker: number;
  readonly error: SharedArrayBuffer;
}

/** Replace every typed array of `table` (and of arrays in it) by a copy in shared memory, in place. */
export function shareColumns(table: object): void {
  const record = table as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (ArrayBuffer.isView(value)) record[key] = sharedCopy(value);
    else if (Array.isArray(value)) value.forEach((v, k) => { if (ArrayBuffer.isView(v)) value[k] = sharedCopy(v); });
  }
}

function sharedCopy(view: ArrayBufferView): ArrayBufferView {
  if (view.buffer instanceof SharedArrayBuffer) return view;
  const bytes = new SharedArrayBuffer(view.byteLength);
  new Uint8Array(bytes).set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  const Ctor = view.constructor as new (buffer: SharedArrayBuffer) => ArrayBufferView;
  return new Ctor(bytes);
}

/** Each block's slot of the shared tallies, as a Tally of the block tally's shape (firm fields, then market fields). */
export function blockSlots(slots: Float64Array, blocks: number, shape: Tally): Tally[] {
  const firmLength = shape.firm.length;
  const length = firmLength + shape.market.length;
  return Array.from({ length: blocks }, (_, b) => ({
    firm: slots.subarray(b * length, b * length + firmLength),
    market: slots.subarray(b * length + firmLength, (b + 1) * length),
  }));
}

/**
 * Split the customers of `ctx` over `threads` threads (the calling thread and threads − 1
 * workers) in contiguous ranges of blocks of `blockSize` customers. The context's
 * customer columns and firm table are moved to shared memory if they are not there yet
 * (a one-time copy: create the context with `{ shared: true }` to avoid it).
 */
export function createParallelStepper(ctx: Context, seed: number, threads: number, blockSize: number): Stepper {
  const blocks = Math.ceil(ctx.N / blockSize);
  const used = Math.max(1, Math.min(threads, blocks));
  shareColumns(ctx.pop);
  shareColumns(ctx.firms);
  const tallies = new SharedArrayBuffer(blocks * (ctx.block.firm.length + ctx.block.market.length) * 8);
  const slotOf = blockSlots(new Float64Array(tallies), blocks, ctx.block);
  const members = new SharedArrayBuffer(used * ctx.M * 8);
  const memberDeltas = new Float64Array(members);
  const controlBuffer = new SharedArrayBuffer(CONTROL_SLOTS * 4);
  const control = new Int32Array(controlBuffer);
  const error = new SharedArrayBuffer(ERROR_BYTES);
  // Contiguous ranges of blocks, as even as possible; range 0 is the calling thread's.
  const starts = Array.from({ length: used + 1 }, (_, k) => Math.floor((k * blocks) / used));
  const workers: Worker[] = [];
  for (let w = 1; w < used; w++) {
    const setup: WorkerSetup = {
      scenario: ctx.scenario, seed, pop: ctx.pop, firms: ctx.firms, blockSize,
      firstBlock: starts[w], endBlock: starts[w + 1], control: controlBuffer, tallies, members, worker: w, error,
    };
    const worker = new Worker(new URL(compiledWorkerUrl(import.meta.url, 'model/parallel-worker.js')), { workerData: setup });
    worker.unref();
    workers.push(worker);
  }

  const stepOwnBlocks = (t: number): void => {
    for (let b = starts[0]; b < starts[1]; b++) {
      stepBlock(ctx, b * blockSize, Math.min(ctx.N, (b + 1) * blockSize), t);
      saveBlockTally(ctx.block, slotOf[b]);
    }
  };

  return {
    threads: used,
    step(t: number): void {
      Atomics.store(control, Control.period, t);
      Atomics.store(control, Control.done, 0);
      Atomics.add(control, Control.generation, 1);
      Atomics.notify(control, Control.generation);
      stepOwnBlocks(t);
      for (let done = Atomics.load(control, Control.done); done < workers.length; done = Atomics.load(control, Control.done)) {
        Atomics.wait(control, Control.done, done);
      }
      if (Atomics.load(control, Control.failed) !== 0) throw new Error(`a simulation thread failed: ${readError(error)}`);
      // Fold in block order: the same additions, in the same order, as the single-thread loop.
      for (const slot of slotOf) foldTally(ctx.period, slot);
      for (let w = 1; w < used; w++) {
        for (let j = 0; j < ctx.M; j++) {
          ctx.members[j] += memberDeltas[w * ctx.M + j];
          memberDeltas[w * ctx.M + j] = 0;
        }
      }
    },
    async close(): Promise<void> {
      Atomics.store(control, Control.period, STOP);
      Atomics.add(control, Control.generation, 1);
      Atomics.notify(control, Control.generation);
      await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
        w.once('exit', () => resolve());
        w.ref();
      })));
    },
  };
}

/** Copy a block's tally into its slot and reset it for the next block. */
export function saveBlockTally(block: Tally, slot: Tally): void {
  slot.firm.set(block.firm);
  slot.market.set(block.market);
  resetTally(block);
}

export function writeError(buffer: SharedArrayBuffer, message: string): void {
  const bytes = new Uint8Array(buffer);
  const encoded = new TextEncoder().encode(message).subarray(0, bytes.length - 4);
  new DataView(buffer).setUint32(0, encoded.length);
  bytes.set(encoded, 4);
}

function readError(buffer: SharedArrayBuffer): string {
  const length = new DataView(buffer).getUint32(0);
  return new TextDecoder().decode(new Uint8Array(buffer, 4, length).slice());
}

