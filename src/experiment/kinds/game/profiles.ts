/**
 * A game's profiles: which strategy each player plays, numbered so that every profile of
 * the full game, or the symmetric game's "the first k players adopt", has one index; and
 * the scenario each profile plays.
 */
import type { Json } from '../../../model/deep-merge.js';
import type { Scenario } from '../../../model/schema.js';
import { validateScenario } from '../../../scenario/load.js';
import { setPath } from '../../../scenario/merge.js';

export interface GameSpec {
  readonly field: string;
  readonly values: readonly unknown[];
  readonly labels: readonly string[];
  readonly players: readonly string[];
  /** the scenario's firms that do not play (they keep the scenario's settings); absent when every firm plays */
  readonly bystanders?: readonly string[];
}

/** All profiles: index p encodes each player's strategy index in base |values|, player 0 last digit. */
export function profileCount(spec: GameSpec): number {
  return spec.values.length ** spec.players.length;
}

export function strategiesOf(spec: GameSpec, profile: number): number[] {
  const k = spec.values.length;
  return spec.players.map((_, i) => Math.floor(profile / k ** i) % k);
}

export function profileIndex(spec: GameSpec, strategies: readonly number[]): number {
  const k = spec.values.length;
  return strategies.reduce((sum, s, i) => sum + s * k ** i, 0);
}

/** Symmetric profiles: the first n players adopt the last value, the others play the first. */
export function symmetricProfiles(spec: GameSpec): number[] {
  const last = spec.values.length - 1;
  return spec.players.map((_, n) => n).concat(spec.players.length).map((n) => profileIndex(spec, spec.players.map((_, i) => (i < n ? last : 0))));
}

/**
 * The scenario under one profile: each player's strategy value replaces what the scenario
 * plans for the field. Scheduled events of that player that set the field carry the new
 * value (so a launch keeps its timing, or does not happen); otherwise the firm is set.
 */
export function scenarioForProfile(base: Scenario, spec: GameSpec, strategies: readonly number[], source: string): Scenario {
  const raw = structuredClone(base) as unknown as { firms: Json[]; events: { firm: string; set: Json }[] };
  spec.players.forEach((player, i) => {
    const value = spec.values[strategies[i]];
    const events = raw.events.filter((e) => e.firm === player && hasPath(e.set, spec.field));
    if (events.length > 0) {
      for (const e of events) e.set = setPath(e.set, spec.field, value as Json);
      // Before the first scheduled change the firm keeps its starting setting.
    } else {
      const j = raw.firms.findIndex((f) => (f as { name: string }).name === player);
      raw.firms[j] = setPath(raw.firms[j], spec.field, value as Json);
    }
  });
  return validateScenario(raw, source);
}

function hasPath(obj: Json, path: string): boolean {
  let node: Json = obj;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

