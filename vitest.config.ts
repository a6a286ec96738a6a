import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * One config for every test folder (model, golden, cli, report, browser, experiment,
 * hardening, scenario(s), perf): anything named tests/**\/*.test.ts runs.
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
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
