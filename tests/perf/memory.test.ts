/**
 * Memory per customer: the state a run holds is stated exactly by
 * `bytesPerCustomer(M)` (src/model/population.ts) and documented in docs/performance.md;
 * these tests hold the statement to the typed arrays actually allocated. Never timed.
 */
import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/model/context.js';
import { bytesPerCustomer, createPopulation } from '../../src/model/population.js';
import { BASELINE_BYTES, estimateRunBytes } from '../../src/model/memory.js';
import { tinyScenario } from '../helpers/scenario.js';

/** A tiny market with `firms` firms and `customers` customers. */
function market(firms: number, customers: number) {
  const names = ['A', 'B', ...Array.from({ length: 62 }, (_, j) => `F${j}`)];
  const list = names.slice(0, firms).map((name, j) => ({ name, price: 9 + j / 10, unitCost: 6, quality: 0.6 + j / 100 }));
  const scenario = tinyScenario({ customers, firms: list });
  return { ...scenario, firms: scenario.firms.slice(0, firms) };
}

/** Bytes of every typed array reachable from `root` (through arrays and plain objects), each buffer counted once. */
function typedArrayBytes(root: object, seen = new Set<unknown>()): number {
  let bytes = 0;
  for (const value of Object.values(root)) {
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      if (!seen.has(value.buffer)) {
        seen.add(value.buffer);
        bytes += value.buffer.byteLength;
      }
    } else {
      bytes += typedArrayBytes(value, seen);
    }
  }
  return bytes;
}

describe('memory per customer', () => {
  it('is 61 + 32·M bytes: 189 bytes with 4 firms (the figure docs/performance.md states)', () => {
    expect(bytesPerCustomer(4)).toBe(189);
    for (let M = 1; M <= 64; M++) expect(bytesPerCustomer(M)).toBe(61 + 32 * M);
  });

  it('is exactly what a population allocates', () => {
    for (const firms of [2, 4, 12]) {
      const scenario = market(firms, 3000);
      expect(scenario.firms.length).toBe(firms);
      const pop = createPopulation(scenario, 1);
      expect(typedArrayBytes(pop)).toBe(3000 * bytesPerCustomer(firms));
    }
  });

  it('is all that grows with the number of customers: the rest of a run\'s state is fixed', () => {
    const rest = (customers: number) => {
      const { scenario: _scenario, ...ctx } = createContext(market(4, customers), 1);
      return typedArrayBytes(ctx) - typedArrayBytes(ctx.pop);
    };
    expect(rest(20_000)).toBe(rest(1000));
    expect(rest(1000)).toBeLessThan(256 * 1024); // the chunk scratch and tallies
  });

  it('puts 10 million customers of 4 firms within 1.9 GB of state (the scale-10m bench case runs in < 2 GB peak RSS, with about 100 MB for the process)', () => {
    expect(10_000_000 * bytesPerCustomer(4)).toBeLessThan(1.9e9);
  });

  // The refusal estimate of src/model/memory.ts must not undercount what a population
  // really allocates (checked against the typed arrays, not against bytesPerCustomer,
  // which the estimate itself is built from).
  it('is never undercounted by the memory estimate', () => {
    for (const firms of [1, 2, 4, 12]) {
      const allocated = typedArrayBytes(createPopulation(market(firms, 2000), 1));
      expect(estimateRunBytes(2000, firms, 0) - BASELINE_BYTES).toBeGreaterThanOrEqual(allocated);
    }
  });
});
