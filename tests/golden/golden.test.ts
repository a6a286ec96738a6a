/**
 * Golden hashes: the sha256 of timeseries.csv and market.csv for a fixed small run of
 * golden-scenario.yaml (every mechanism on). Any change to the model's output, however
 * small, changes them: a refactor that must not change results (chunking, threads,
 * vectorising) is checked by this test; a deliberate model change regenerates them.
 *
 *   UPDATE_GOLDEN=1 npx vitest run tests/golden/golden.test.ts
 *
 * then commit tests/golden/golden.sha256.json and say in the commit message why the
 * numbers changed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { marketCsv, timeseriesCsv } from '../../src/report/run-files.js';
import { sha256 } from '../../src/io/hash.js';
import { simulate } from '../../src/model/simulate.js';
import { loadScenario } from '../../src/scenario/load.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const GOLDEN_FILE = join(HERE, 'golden.sha256.json');
const SCENARIO = join(HERE, 'golden-scenario.yaml');
const SEED = 7;

interface Golden {
  scenario: string;
  seed: number;
  'timeseries.csv': string;
  'market.csv': string;
}

function current(): Golden {
  const { scenario } = loadScenario(SCENARIO);
  const result = simulate(scenario, SEED);
  return { scenario: 'golden-scenario.yaml', seed: SEED, 'timeseries.csv': sha256(timeseriesCsv(result)), 'market.csv': sha256(marketCsv(result)) };
}

const HOW_TO_UPDATE =
  'The model\'s output for tests/golden/golden-scenario.yaml changed.\n' +
  '  - If you did not mean to change results (a refactor, a speed-up, a new code path), this is a regression: find it.\n' +
  '  - If the model changed on purpose, regenerate the golden hashes with\n' +
  '      UPDATE_GOLDEN=1 npx vitest run tests/golden/golden.test.ts\n' +
  '    and commit tests/golden/golden.sha256.json, saying in the commit message why the numbers changed.';

describe('golden run', () => {
  it('timeseries.csv and market.csv of the golden run have the recorded sha256', () => {
    const now = current();
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN_FILE)) {
      writeFileSync(GOLDEN_FILE, JSON.stringify(now, null, 2) + '\n');
      if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`${GOLDEN_FILE} was missing and has been written; check it in. Rerun to verify.`);
      return;
    }
    const recorded = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Golden;
    expect({ timeseries: now['timeseries.csv'], market: now['market.csv'] }, HOW_TO_UPDATE).toEqual({ timeseries: recorded['timeseries.csv'], market: recorded['market.csv'] });
  });

  it('the golden run is not trivial: every mechanism it is meant to cover shows up', () => {
    const { scenario } = loadScenario(SCENARIO);
    const r = simulate(scenario, SEED);
    const total = (name: keyof typeof r.firm, j: number) => Array.from(r.firm[name]).filter((_, k) => k % 3 === j).reduce((a, b) => a + b, 0);
    expect(total('pointsRedeemed', 0)).toBeGreaterThan(0);
    expect(total('pointsExpired', 0)).toBeGreaterThan(0);
    expect(total('members', 1)).toBeGreaterThan(0); // Beta's program, launched by the event
    expect(total('locked', 1)).toBeGreaterThan(0);
    expect(total('complaints', 1)).toBeGreaterThan(0);
    expect(total('referrals', 0) + total('referrals', 1) + total('referrals', 2)).toBeGreaterThan(0);
    expect(r.events.some((e) => e.firm === 'Gamma')).toBe(true); // markup pricing moved its price
    const market = (name: string) => Array.from(r.market[name]).reduce((a, b) => a + b, 0);
    expect(market('relocations')).toBeGreaterThan(0);
    expect(r.market.mainChange[r.periods - 1]).toBeGreaterThan(0); // two years closed
    expect(total('churn', 0)).toBeGreaterThan(0); // quarters closed
  });
});
