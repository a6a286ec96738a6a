/**
 * Firm strategies: at each review (every R periods, staggered by firm), each firm's
 * policies read its observed figures and may change its price, quality or program.
 */
import type { Scenario } from '../../scenario/schema.js';
import type { Simulation } from '../simulate.js';

export interface Strategies {
  review(sim: Simulation, t: number): void;
}

export function createStrategies(_scenario: Scenario, _seed: number): Strategies {
  return { review: () => {} };
}
