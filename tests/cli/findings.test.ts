/**
 * Every command ends with its findings in words, with what they compare; `--quiet` prints
 * nothing and `--json` keeps stdout machine-readable. `compare` refuses scenarios without
 * pairs (other firms, another horizon), says which settings differ, adds pHigher, and
 * prints shares in points without metrics that no seed moves.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GAME_VERDICTS } from '../../src/experiment/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, ROOT, tempDir } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';

const TINY = ['--customers', '400', '--periods', '80'];

// What the commands say is the point here, not the process: after the first run through the
// executable, main() runs in process (the same words on the same streams).

let work: string;
beforeAll(async () => {
  await ensureBuilt();
  work = tempDir('findings');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const findingsBlock = (stderr: string): string[] => {
  const lines = stderr.trimEnd().split('\n');
  const start = lines.findIndex((l) => l.startsWith('Findings ('));
  return start < 0 ? [] : lines.slice(start);
};

describe('run', () => {
  it('ends with its findings, saying they come from one draw of the given seed', async () => {
    const r = await cli(['run', 'first-mover', '--seed', '7', '--out', 'run', '--no-charts', ...TINY], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const block = findingsBlock(r.stderr);
    expect(block[0]).toMatch(/^Findings \(one draw, seed 7: one simulated history, no intervals/);
    expect(block.length).toBeGreaterThanOrEqual(4);
    expect(block[1]).toMatch(/^ {2}- Boreal launches its points program in period 52 \(year 1\.0\): its share moves from [\d.]+% .* to [\d.]+% in the last quarter/);
    // the findings are the last thing said
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(block.at(-1));
  });

  it('--quiet prints nothing; --json prints only the summary on stdout, the findings on stderr', async () => {
    const quiet = await cliInProcess(['run', 'first-mover', '--seed', '7', '--out', 'quiet', '--no-charts', '--quiet', ...TINY], { cwd: work });
    expect(quiet.code).toBe(0);
    expect(quiet.stdout + quiet.stderr).toBe('');
    const json = await cliInProcess(['run', 'first-mover', '--seed', '7', '--out', 'json', '--no-charts', '--json', ...TINY], { cwd: work });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ scenario: 'first-mover', seed: 7 });
    expect(json.stderr).toContain('Findings (one draw, seed 7');
  });
});

describe('all', () => {
  it('ends with the three theatre games\' answers: verdict and meaning, each firm against restraint, who wins and who loses', async () => {
    // the games' launches at period 52 need a horizon past it; two seeds a game
    const r = await cliInProcess(['all', '--out', 'all', '--no-charts', '--customers', '200', '--periods', '64', '--seeds', '2', '--max-seeds', '2', '--workers', '1'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    const head = lines.findIndex((l) => l.startsWith('When every firm can launch a loyalty program, who gains?'));
    expect(head).toBeGreaterThan(0);
    expect(lines[head - 2]).toMatch(/no reports and no index/);
    const answers = lines.slice(head + 1);
    const starts = answers.flatMap((l, i) => (/^[\w-]+: [\w-]+: /.test(l) ? [i] : []));
    expect(starts.map((i) => answers[i].split(':')[0])).toEqual(['theatre-lookalike', 'theatre', 'theatre-no-clutter']);
    starts.forEach((start, k) => {
      const block = answers.slice(start, starts[k + 1] ?? answers.length);
      expect(GAME_VERDICTS).toContain(block[0].split(': ')[1]);
      // the firms' lines, when there is an equilibrium to hold against restraint, in one number format
      for (const line of block.slice(2, -1)) expect(line).toMatch(/^ {4}\w+ +(better|worse|unresolved) +[+−]?[\d,.]+ \(95% CI −?[\d,.]+(–| to )−?[\d,.]+\)$/);
      expect(block[block.length - 1]).toMatch(/^ {2}(Winners?|No firm gains|Who gains is not resolved|No pure equilibrium|Nobody gains)/);
    });
  }, 180_000);
});

describe('replicate and grid', () => {
  it('end with findings that carry intervals and say over how many seeds', async () => {
    const [replicate, grid] = await Promise.all([
      cliInProcess(['replicate', 'first-mover', '--seeds', '3', '--out', 'rep', '--no-charts', '--workers', '1', ...TINY], { cwd: work }),
      cliInProcess(['grid', 'baseline', '--vary', 'clutter=0,1', '--seeds', '2', '--out', 'grid', '--no-charts', '--workers', '1', ...TINY], { cwd: work }),
    ]);
    expect(replicate.code, replicate.stderr).toBe(0);
    const rep = findingsBlock(replicate.stderr);
    expect(rep[0]).toMatch(/^Findings \(mean over 3 seeds \(seeds \d+–\d+\): last-quarter means of each run, 95% intervals\):/);
    expect(rep[1]).toMatch(/^ {2}- Aurora: share \d+\.\d% \(95% CI \d+\.\d%–\d+\.\d%\), profit .* over 3 seeds\.$/);
    // the table above prints shares in percent, not raw fractions
    expect(replicate.stderr).toMatch(/Aurora +share \d+\.\d% \(95% CI \d+\.\d%–\d+\.\d%\)/);
    expect(grid.code, grid.stderr).toBe(0);
    const g = findingsBlock(grid.stderr);
    expect(g[0]).toMatch(/^Findings \(2 grid points × 2 seeds/);
    expect(g[1]).toMatch(/profit is highest at clutter = [01]: .*\(95% CI/);
  });
});

describe('compare', () => {
  it('refuses scenarios with other firms or another horizon: exit 2, one message per problem, nothing written', async () => {
    const baseline = readFileSync(join(ROOT, 'scenarios', 'baseline.yaml'), 'utf8');
    writeFileSync(join(work, 'my-market.yaml'), baseline.replace(/^name: baseline/m, 'name: my-market').replace(/Aurora/g, 'North').replace(/^periods: \d+/m, 'periods: 156'));
    const r = await cliInProcess(['compare', 'baseline', 'my-market.yaml', '--seeds', '2', '--out', 'refused', '--customers', '300'], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot compare: my-market has firms North, Boreal, Cirrus, Delta but baseline has Aurora, Boreal, Cirrus, Delta/);
    expect(r.stderr).toMatch(/my-market runs 156 periods but baseline runs \d+: expected the same horizon \(align them with --periods N\)/);
    expect(existsSync(join(work, 'refused'))).toBe(false);
  });

  it('prints the settings that differ, shares in points, seeds higher instead of p=, leaves out unmoved metrics; writes pHigher', async () => {
    const r = await cliInProcess(['compare', 'baseline', 'first-mover', '--seeds', '3', '--out', 'cmp', '--workers', '1', ...TINY], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Settings that differ (baseline | first-mover):');
    expect(r.stderr).toMatch(/firms\.Boreal\.program: none \| \{"enabled":false/);
    expect(r.stderr).toMatch(/Boreal +share \(points\) \+\d+\.\d \(95% CI −?\d+\.\d(–| to )−?\d+\.\d\)\*? +higher in \d\/3/);
    expect(r.stderr).not.toMatch(/\bp=/);
    expect(r.stderr).not.toMatch(/e-\d/); // no raw fractions in exponent form
    // first-mover's prices are fixed like the baseline's: no column of zeros
    expect(r.stderr).toContain('(price: no difference in any seed, left out)');
    expect(r.stderr).not.toMatch(/price [+−]?0 \(0 to 0\)/);
    expect(findingsBlock(r.stderr)[0]).toMatch(/^Findings \(paired over 3 seeds vs baseline/);

    const dir = join(work, 'cmp', 'baseline-vs-first-mover', 'compare');
    const [header, ...rows] = readFileSync(join(dir, 'differences.csv'), 'utf8').trimEnd().split('\n').map((l) => l.split(','));
    expect(header.slice(-2)).toEqual(['pBetter', 'pHigher']);
    for (const row of rows) expect(row.at(-1)).toBe(row.at(-2));
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.scenarioDiff.map((d: { path: string }) => d.path)).toContain('firms.Boreal.program');
    expect(summary.findings.sentences[0]).toMatch(/^first-mover against baseline, share: /);
    // the report opens with the settings that differ, before any figure
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const opening = html.indexOf('Settings that differ (baseline → first-mover):');
    expect(opening).toBeGreaterThan(0);
    expect(opening).toBeLessThan(html.indexOf('<h2>Findings</h2>'));
    expect(readdirSync(join(dir, 'charts'))).not.toContain('differences-price.svg');
  });
});
