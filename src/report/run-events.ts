/**
 * A run's events as a reader needs them: the scenario's scheduled events (what the
 * scenario is about) told apart from the firms' own strategy decisions, and each change
 * sorted by kind: a program starting, ending or changing, a list price, a quality.
 */
import type { RunEvent } from '../model/results.js';
import type { Scenario } from '../model/schema.js';

export type ChangeKind = 'programLaunch' | 'programEnd' | 'programChange' | 'priceChange' | 'qualityChange' | 'other';

export interface RunChange extends RunEvent {
  /** set by the scenario's `events`, not decided by the firm's strategy */
  readonly scheduled: boolean;
  readonly kinds: readonly ChangeKind[];
}

/** What the report needs of the scenario a run came from. */
export type ScenarioFacts = Pick<Scenario, 'firms' | 'events'> & Partial<Pick<Scenario, 'lead'>>;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Classify a run's events. Within a period the simulation applies the scheduled events
 * first, in the scenario's order, then the strategy reviews: the first events of a period
 * that match the scheduled firms in order are the scheduled ones. Program changes are
 * told apart by following each firm's program from its starting setting.
 */
export function classifyEvents(events: readonly RunEvent[], scenario: ScenarioFacts | undefined): RunChange[] {
  const running = new Map((scenario?.firms ?? []).map((f) => [f.name, f.program !== null && f.program.enabled]));
  const pending = new Map<number, Scenario['events']>();
  for (const e of scenario?.events ?? []) pending.set(e.period, [...(pending.get(e.period) ?? []), e]);
  return events.map((e) => {
    const wasOn = running.get(e.firm) ?? false;
    const kinds: ChangeKind[] = [];
    const program = (on: boolean) => {
      if (on !== wasOn) kinds.push(on ? 'programLaunch' : 'programEnd');
      else if (on) kinds.push('programChange');
      running.set(e.firm, on);
    };
    const next = pending.get(e.period)?.[0];
    const scheduled = next !== undefined && next.firm === e.firm;
    if (scheduled) {
      pending.get(e.period)!.shift();
      if ('price' in next.set) kinds.push('priceChange');
      if ('quality' in next.set) kinds.push('qualityChange');
      if ('program' in next.set) {
        const p = next.set.program;
        program(p === null ? false : isRecord(p) && typeof p.enabled === 'boolean' ? p.enabled : wasOn);
      }
    } else {
      // the phrases the strategy review writes (src/model/strategy/index.ts)
      for (const part of e.note.split('; ')) {
        if (part.startsWith('price ')) kinds.push('priceChange');
        else if (part.startsWith('quality ')) kinds.push('qualityChange');
        else if (part.startsWith('adopts ')) program(true);
        else if (part.startsWith('drops ')) program(false);
      }
    }
    if (!kinds.length) kinds.push('other');
    return { ...e, scheduled, kinds };
  });
}

/** A change a strategy makes at any review (an adaptive price, a quality rule): told as a path or a tick, not as an event. */
export const isRoutine = (c: RunChange): boolean => !c.scheduled && c.kinds.every((k) => k === 'priceChange' || k === 'qualityChange');
