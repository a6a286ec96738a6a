/**
 * The explorer's levers: the few settings a strategist moves, read from a resolved
 * scenario and written back into it. Only levers that differ from the scenario's own
 * values are written, so unchanged levers give the scenario itself, bit for bit, and the
 * same numbers as `loyalty-sim run`.
 *
 * Pure (no DOM, no Node): bundled into the browser worker and tested under Node.
 */
import { Program, type Distribution, type Scenario } from '../model/schema.js';
import { validateScenario } from '../scenario/load.js';
import { scenarioForProfile, type GameSpec } from '../experiment/kinds/game/profiles.js';

export interface FirmLevers {
  readonly name: string;
  /** runs a program (at the scenario's launch period, if the scenario launches it by an event) */
  readonly program: boolean;
  readonly rewardValue: number;
  readonly goalGradient: number;
  readonly price: number;
  readonly quality: number;
}

export interface SegmentLevers {
  readonly name: string;
  /** mean of the segment's habit weight w_h */
  readonly habitWeight: number;
  /** mean of the segment's price sensitivity β_i */
  readonly priceSensitivity: number;
}

export interface Levers {
  readonly customers: number;
  readonly seed: number;
  /** κ */
  readonly clutter: number;
  readonly firms: readonly FirmLevers[];
  readonly segments: readonly SegmentLevers[];
}

/** Where validation problems of lever settings are reported from. */
export const LEVER_SOURCE = 'explorer settings';

const PROGRAM_DEFAULTS = Program.parse({});

/** The mean of a customer-level parameter (a constant is its own mean). */
export function meanOf(d: Distribution): number {
  if (typeof d === 'number') return d;
  if (d.dist === 'uniform') return (d.min + d.max) / 2;
  return d.mean;
}

/** The same distribution moved to mean `mean` (a uniform is shifted, keeping its width). */
export function withMean(d: Distribution, mean: number): Distribution {
  if (typeof d === 'number') return mean;
  if (d.dist === 'uniform') {
    const half = (d.max - d.min) / 2;
    return { ...d, min: mean - half, max: mean + half };
  }
  return { ...d, mean };
}

/** Does firm `name` run a program at some time of the scenario (from the start or launched by an event)? */
function runsProgram(s: Scenario, j: number): boolean {
  const firm = s.firms[j];
  if (firm.program?.enabled) return true;
  return s.events.some((e) => e.firm === firm.name && (e.set as { program?: { enabled?: unknown } }).program?.enabled === true);
}

/** The levers as the scenario sets them. */
export function leversOf(s: Scenario): Levers {
  return {
    customers: s.customers,
    seed: s.seed,
    clutter: s.clutter,
    firms: s.firms.map((f, j) => ({
      name: f.name,
      program: runsProgram(s, j),
      rewardValue: (f.program ?? PROGRAM_DEFAULTS).rewardValue,
      goalGradient: (f.program ?? PROGRAM_DEFAULTS).goalGradient,
      price: f.price,
      quality: f.quality,
    })),
    segments: s.segments.map((g) => ({ name: g.name, habitWeight: meanOf(g.habitWeight), priceSensitivity: meanOf(g.priceSensitivity) })),
  };
}

/** The game spec that switches the named firms' programs on and off (as `loyalty-sim game` does). */
export const programSpec = (players: readonly string[]): GameSpec => ({ field: 'program.enabled', values: [false, true], labels: ['no program', 'program'], players });

/**
 * The scenario with the levers applied, validated as the CLI validates a file (throws
 * InputError naming the field). Levers equal to the scenario's values leave it untouched.
 */
export function scenarioWithLevers(base: Scenario, levers: Levers): Scenario {
  const now = leversOf(base);
  if (levers.firms.length !== base.firms.length || levers.segments.length !== base.segments.length) {
    throw new Error('levers: firm or segment count differs from the scenario');
  }
  const raw = structuredClone(base) as Scenario & { firms: Scenario['firms'][number][] };
  if (levers.customers !== now.customers) raw.customers = levers.customers;
  if (levers.seed !== now.seed) raw.seed = levers.seed;
  if (levers.clutter !== now.clutter) raw.clutter = levers.clutter;
  const switched: string[] = [];
  const switchedOn: boolean[] = [];
  levers.firms.forEach((l, j) => {
    const was = now.firms[j];
    const firm = raw.firms[j];
    if (l.price !== was.price) firm.price = l.price;
    if (l.quality !== was.quality) firm.quality = l.quality;
    if (l.rewardValue !== was.rewardValue || l.goalGradient !== was.goalGradient) {
      // A generosity change on a firm without a program configures one (off until switched on).
      firm.program = { ...(firm.program ?? { ...PROGRAM_DEFAULTS, enabled: false }), rewardValue: l.rewardValue, goalGradient: l.goalGradient };
    }
    if (l.program !== was.program) {
      switched.push(l.name);
      switchedOn.push(l.program);
    }
  });
  levers.segments.forEach((l, i) => {
    const was = now.segments[i];
    const segment = raw.segments[i];
    if (l.habitWeight !== was.habitWeight) segment.habitWeight = withMean(segment.habitWeight, l.habitWeight);
    if (l.priceSensitivity !== was.priceSensitivity) segment.priceSensitivity = withMean(segment.priceSensitivity, l.priceSensitivity);
  });
  if (switched.length === 0) return validateScenario(raw, LEVER_SOURCE);
  return scenarioForProfile(validateScenario(raw, LEVER_SOURCE), programSpec(switched), switchedOn.map((on) => (on ? 1 : 0)), LEVER_SOURCE);
}
