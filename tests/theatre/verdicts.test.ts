/**
 * `loyalty-sim game` on shipped scenarios (issue 3): the verdict is computed from the
 * payoffs, so different markets give different verdicts. Without clutter the theatre is a
 * prisoner's dilemma (each firm gains by launching; all earn less when all launch); with
 * clutter the firms whose quality is below the market's mean gain from everyone's
 * programs, so it is not (docs/model.md, "Game on theatre").
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync, ensureBuilt, tempDir } from '../helpers/cli.js';

/** 8 seeds × 16 profiles; large enough that each firm's all-adopt loss is resolved. */
const SIZE = ['--customers', '4000', '--periods', '260', '--seeds', '8', '--no-charts', '--quiet'];

let work: string;
beforeAll(async () => {
  await ensureBuilt();
  work = tempDir('verdicts');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Interval { mean: number; ci95: [number, number] }
interface GameSummary {
  verdict: string;
  evidence: string[];
  equilibria: { adopters: string[] }[];
  profiles: { adopters: string[]; firms: { name: string; profit: Interval; share: Interval }[] }[];
}

async function game(scenario: string): Promise<GameSummary> {
  const r = await cliAsync(['game', scenario, '--out', 'out', ...SIZE], work);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(readFileSync(join(work, 'out', scenario, 'game', 'summary.json'), 'utf8'));
}

const profile = (g: GameSummary, n: number) => g.profiles.find((p) => p.adopters.length === n)!;

describe('game verdicts on shipped scenarios', () => {
  it('theatre-no-clutter (κ = 0) is a prisoner\'s dilemma: everyone launches, everyone earns less', async () => {
    const g = await game('theatre-no-clutter');
    expect(g.verdict, g.evidence.join('\n')).toBe('prisoners-dilemma');
    expect(g.equilibria.map((e) => e.adopters.length)).toEqual([4]);
    const none = profile(g, 0), all = profile(g, 4);
    for (const f of all.firms) {
      const before = none.firms.find((x) => x.name === f.name)!;
      expect(f.profit.mean, f.name).toBeLessThan(before.profit.mean);
      // shares return near where they were
      expect(Math.abs(f.share.mean - before.share.mean), f.name).toBeLessThan(0.02);
    }
  }, 600_000);

  it('theatre (clutter on) says something else: the value player gains from everyone\'s programs', async () => {
    const g = await game('theatre');
    expect(g.verdict, g.evidence.join('\n')).not.toBe('prisoners-dilemma');
    const none = profile(g, 0), all = profile(g, 4);
    const delta = (p: typeof none) => p.firms.find((f) => f.name === 'Delta')!;
    const aurora = (p: typeof none) => p.firms.find((f) => f.name === 'Aurora')!;
    expect(delta(all).profit.ci95[0]).toBeGreaterThan(delta(none).profit.ci95[1]);
    expect(aurora(all).profit.ci95[1]).toBeLessThan(aurora(none).profit.ci95[0]);
  }, 600_000);
});
