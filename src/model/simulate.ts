// placeholder: replaced by the market step loop in the next commit
import type { Scenario } from '../scenario/schema.js';
import type { RunResult } from './results.js';
export function simulate(_scenario: Scenario, _seed: number): RunResult {
  throw new Error('simulate: not yet implemented');
}
