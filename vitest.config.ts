import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest test files (about 15 s or more on 2 cores), longest first. Started first,
 * they pack the two workers evenly: on a fresh clone vitest has no timings yet and orders
 * files by size, which would start a short file of long runs (the verdicts, the bad-input
 * corpus) last and leave one core idle at the end.
 */
const LONGEST = [
  'cli/findings', 'cli/docs', 'hardening/interrupt', 'theatre/theatre', 'calibrate/recovery', 'theatre/game-cli',
  'hardening/outputs', 'browser/report', 'browser/explore', 'theatre/verdicts', 'experiment/cli', 'theatre/prices',
  'hardening/corpus', 'hardening/fuzz', 'calibrate/baseline',
].map((name) => `/tests/${name}.test.ts`);

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST.findIndex((name) => f.moduleId.endsWith(name));
      return i < 0 ? LONGEST.length : i;
    };
    // a stable sort: the other files keep vitest's own order (timings of earlier runs, else size)
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * One config for every test folder (model, golden, cli, report, browser, experiment, calibrate,
 * hardening, scenario-loading, scenarios, perf): anything named tests/**\/*.test.ts runs.
 * Forks, not threads: the simulator and the CLI e2e tests spawn processes and hold
 * large typed arrays; separate processes keep them isolated.
 */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    // Every core: vitest's own default is one fewer, which on a 2-core machine runs the
    // files one at a time while most of them wait on CLI processes they spawned.
    maxWorkers: availableParallelism(),
    // A fork runs file after file instead of starting afresh for each (about a second of
    // start-up per file). The test files share no mutable state: module-level caches hold
    // simulation results keyed by everything that made them, and every file works in its
    // own temporary directory.
    isolate: false,
    sequence: { sequencer: LongestFirst },
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
