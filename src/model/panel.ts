/**
 * The panel of purchases: one row per customer and shopping occasion, observed after each
 * period from the customers' state (run --panel). The customer passes only note each
 * customer's occasion (population `occasion`, kept only while a panel observes); the rest
 * is read between periods: the basket, the membership and balance at the firm's program,
 * whether a service failure happened this period, and whether the customer complained and
 * was recovered (the same draws experience.ts made, read again from their streams). Rows
 * come in customer order within each period whatever the thread split, because the
 * observer walks the customers in order on the main thread.
 */
import type { Context } from './context.js';
import { uniformAt } from './rng.js';

/** The panel's columns, trimmed to `rows`; firm −1 is a shopping occasion without a purchase. */
export interface PanelColumns {
  readonly rows: number;
  readonly period: Int32Array;
  readonly customer: Int32Array;
  readonly segment: Uint8Array;
  readonly firm: Int8Array;
  readonly basket: Float64Array;
  readonly member: Uint8Array;
  readonly points: Int32Array;
  /** bit 0 failure, bit 1 complaint, bit 2 recovered */
  readonly flags: Uint8Array;
}

export const FAILURE = 1;
export const COMPLAINT = 2;
export const RECOVERED = 4;

/** Bytes a panel row takes while the run goes on (columns grow by doubling, so up to twice this). */
export const PANEL_BYTES_PER_ROW = 4 + 4 + 1 + 1 + 8 + 1 + 4 + 1;

type Grown = { -readonly [K in keyof PanelColumns]: PanelColumns[K] };

export class PanelRecorder {
  private columns: Grown;
  constructor(capacity = 1 << 16) {
    this.columns = allocate(capacity);
  }

  /** After period t: a row for each customer who had a shopping occasion in it. */
  observe(ctx: Context, t: number): void {
    const { pop, firms, streams, segments, M, N } = ctx;
    const occasion = pop.occasion;
    if (occasion === null) throw new Error('panel: the simulation keeps no occasions (create it with { panel: true })');
    let c = this.columns;
    for (let i = 0; i < N; i++) {
      const j = occasion[i];
      if (j === -2) continue;
      if (c.rows === c.period.length) c = this.columns = grow(c);
      const r = c.rows++;
      c.period[r] = t;
      c.customer[r] = i;
      c.segment[r] = pop.segment[i];
      c.firm[r] = j;
      if (j < 0) {
        c.basket[r] = 0;
        c.member[r] = 0;
        c.points[r] = 0;
        c.flags[r] = 0;
        continue;
      }
      const io = i * M + firms.pointsOwner[j];
      c.basket[r] = pop.basketValue[i];
      c.member[r] = pop.member[io];
      c.points[r] = pop.points[io];
      let flags = 0;
      if (pop.lastFailurePeriod[i] === t && pop.lastFailureKind[i] >= 0) {
        flags = FAILURE;
        if (uniformAt(streams.complaint, i, t) < segments.complaintProbability[pop.segment[i]]) {
          flags |= COMPLAINT;
          if (uniformAt(streams.recovery, i, t) < firms.recoveryRate[j]) flags |= RECOVERED;
        }
      }
      c.flags[r] = flags;
    }
  }

  /** The rows recorded, in columns of exactly that length. */
  result(): PanelColumns {
    const c = this.columns;
    const n = c.rows;
    return {
      rows: n,
      period: c.period.slice(0, n), customer: c.customer.slice(0, n), segment: c.segment.slice(0, n), firm: c.firm.slice(0, n),
      basket: c.basket.slice(0, n), member: c.member.slice(0, n), points: c.points.slice(0, n), flags: c.flags.slice(0, n),
    };
  }
}

function allocate(n: number): Grown {
  return {
    rows: 0, period: new Int32Array(n), customer: new Int32Array(n), segment: new Uint8Array(n), firm: new Int8Array(n),
    basket: new Float64Array(n), member: new Uint8Array(n), points: new Int32Array(n), flags: new Uint8Array(n),
  };
}

function grow(c: Grown): Grown {
  const next = allocate(2 * c.period.length);
  next.rows = c.rows;
  next.period.set(c.period); next.customer.set(c.customer); next.segment.set(c.segment); next.firm.set(c.firm);
  next.basket.set(c.basket); next.member.set(c.member); next.points.set(c.points); next.flags.set(c.flags);
  return next;
}
