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
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
