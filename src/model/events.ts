/** Scheduled events: "at period 52, firm B launches its program" (a partial firm, deep-merged). */
import { Firm } from './schema.js';
import { deepMerge, type Json } from './deep-merge.js';
import { setFirm, type Simulation } from './simulation.js';

export function applyScheduledEvents(sim: Simulation, t: number): void {
  for (const event of sim.ctx.scenario.events) {
    if (event.period !== t) continue;
    const j = sim.firms.findIndex((f) => f.name === event.firm);
    // The loader validated that the patched firm is a valid firm.
    const next = Firm.parse(deepMerge(sim.firms[j] as unknown as Json, event.set as Json));
    setFirm(sim, j, next, t, event.note ?? describePatch(event.set));
  }
}

function describePatch(patch: Record<string, unknown>, prefix = ''): string {
  return Object.entries(patch)
    .map(([k, v]) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? describePatch(v as Record<string, unknown>, `${prefix}${k}.`) : `${prefix}${k} = ${JSON.stringify(v)}`))
    .join(', ');
}
