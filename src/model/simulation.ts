/**
 * One run in progress: its context, the firms' current settings, the program books, the
 * results so far and the strategies; and the one way a firm's settings change during a run
 * (a scheduled event or a strategy decision). Events, strategies and the period loop all
 * read and change a run through this module, so none of them imports another.
 */
import type { FirmConfig } from './schema.js';
import type { ProgramBooks } from './accounting.js';
import type { Context } from './context.js';
import { updateFirmRow } from './firm-table.js';
import { endProgram } from './programs.js';
import type { RunResult } from './results.js';
import type { Strategies } from './strategy/index.js';

export interface Simulation {
  readonly ctx: Context;
  /** the firms' current settings (events and strategies change them) */
  readonly firms: FirmConfig[];
  readonly books: ProgramBooks;
  readonly result: RunResult;
  readonly strategies: Strategies;
}

/** Replace firm j's settings (an event or a strategy decision) and log why. */
export function setFirm(sim: Simulation, j: number, next: FirmConfig, t: number, note: string): void {
  const before = sim.firms[j];
  const wasOn = before.program !== null && before.program.enabled;
  const isOn = next.program !== null && next.program.enabled;
  sim.firms[j] = next;
  if (wasOn && !isOn) endProgram(sim.ctx, j);
  updateFirmRow(sim.ctx.firms, j, next, sim.ctx.scenario);
  sim.result.events.push({ period: t, firm: next.name, note });
}
