/**
 * Why a switcher left (leaving.ts): constructed customers, each cause winning exactly where
 * the precedence says, and the count landing in the firm left's and the segment's rows.
 */
import { describe, expect, it } from 'vitest';
import { createContext, type Context } from '../../src/model/context.js';
import { HABIT_WORN_OFF, leavingCause, recordSwitch } from '../../src/model/leaving.js';
import { leavingCauses } from '../../src/model/metrics.js';
import { NEVER_MOVED } from '../../src/model/population.js';
import { tinyScenario } from '../helpers/scenario.js';

const T = 100;
const A = 0, B = 1;

/** Two firms at one price; customer 0 at A with a full habit, equal tastes and beliefs, no failure, no move. */
function context(): Context {
  const s = tinyScenario({
    customers: 4,
    failureKinds: [{ name: 'rude', frequency: 1, severity: 0.3 }, { name: 'slow', frequency: 1, severity: 0.2 }],
    segments: [{ name: 'all', share: 0.5 }, { name: 'business', share: 0.5 }],
  });
  const ctx = createContext(s, 1);
  ctx.firms.price.fill(10);
  const { pop } = ctx;
  for (let i = 0; i < pop.size; i++) {
    pop.currentFirm[i] = A;
    pop.lastFailureKind[i] = -1;
    pop.movedAt[i] = NEVER_MOVED;
    for (const j of [A, B]) {
      pop.taste[i * 2 + j] = 0.2;
      pop.perceivedQuality[i * 2 + j] = 0.6;
      pop.habit[i * 2 + j] = 0;
    }
    pop.habit[i * 2 + A] = 0.9;
  }
  return ctx;
}

const causeName = (ctx: Context, i = 0) => leavingCauses(ctx.scenario.failureKinds.map((k) => k.name))[leavingCause(ctx, i, B, A, T)];

/** Each step makes one more cause apply; the named cause is always the highest in precedence that does. */
const layers: [string, (ctx: Context) => void][] = [
  ['habit', (ctx) => { ctx.pop.habit[A] = HABIT_WORN_OFF - 0.01; }],
  ['quality', (ctx) => { ctx.pop.perceivedQuality[B] = 0.7; }],
  ['taste', (ctx) => { ctx.pop.taste[B] = 0.5; }],
  ['price', (ctx) => { ctx.firms.price[B] = 9.5; }],
  ['relocation', (ctx) => { ctx.pop.movedAt[0] = T - ctx.failureMemory; }],
  ['slow', (ctx) => { ctx.pop.lastFailureKind[0] = 1; ctx.pop.lastFailurePeriod[0] = T - ctx.failureMemory; }],
];

describe('why a switcher left', () => {
  it('is noise when nothing in the customer\'s state explains it', () => {
    expect(causeName(context())).toBe('noise');
  });

  it('names the first cause that applies: failure kind, relocation, price, taste, quality, habit', () => {
    const ctx = context();
    for (const [expected, apply] of layers) {
      apply(ctx);
      expect(causeName(ctx), `after making ${expected} apply`).toBe(expected);
    }
  });

  it('each cause on its own wins where it should', () => {
    for (const [expected, apply] of layers) {
      const ctx = context();
      apply(ctx);
      expect(causeName(ctx)).toBe(expected);
    }
  });

  it('forgets a failure or a move older than the memory, and counts no rival that is only as good', () => {
    const ctx = context();
    ctx.pop.lastFailureKind[0] = 0;
    ctx.pop.lastFailurePeriod[0] = T - ctx.failureMemory - 1;
    ctx.pop.movedAt[0] = T - ctx.failureMemory - 1;
    ctx.pop.habit[A] = HABIT_WORN_OFF; // at the level, not below it
    expect(causeName(ctx)).toBe('noise');
    ctx.firms.price[B] = ctx.firms.price[A] + 0.5; // dearer is not a price reason
    expect(causeName(ctx)).toBe('noise');
  });

  it('counts the switch under its cause in the firm left\'s row and the leaver\'s segment row, and spends the failure', () => {
    const ctx = context();
    const { causes, byFirm, bySegment } = ctx.leavers;
    const business = ctx.pop.segment[3];
    expect(business).toBe(1);
    ctx.pop.lastFailureKind[3] = 0;
    ctx.pop.lastFailurePeriod[3] = T;
    recordSwitch(ctx, 3, B, T, A);
    recordSwitch(ctx, 3, B, T, A); // the failure is spent: the second switch is noise
    const market = ctx.block.market;
    const noise = causes - 1;
    expect(market[byFirm + A * causes + 0]).toBe(1);
    expect(market[byFirm + A * causes + noise]).toBe(1);
    expect(market[bySegment + business * causes + 0]).toBe(1);
    expect(market[bySegment + business * causes + noise]).toBe(1);
    const total = (from: number, length: number) => market.subarray(from, from + length).reduce((a, b) => a + b, 0);
    expect(total(byFirm, 2 * causes)).toBe(2);
    expect(total(bySegment, 2 * causes)).toBe(2);
  });
});
