/**
 * The project documents its own command line: docs/cli.md is generated from the yargs
 * definitions and must match them; the README links it (not a file outside the clone);
 * every `npx loyalty-sim` example in the README runs (on tiny populations) and exits 0;
 * `validate --help` lists only what validate uses; `game --help` describes every option.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type CliResult, ensureBuilt, ROOT, tempDir } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';

let work: string;
beforeAll(async () => {
  await ensureBuilt();
  work = tempDir('docs');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('docs/cli.md', () => {
  it('is what scripts/cli-doc.mjs generates from the command definitions', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'cli-doc.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('holds every command\'s help, the exit codes and the output layout', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
    const help = execFileSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli', 'main.js'), '--help'], { encoding: 'utf8' });
    const commands = [...help.matchAll(/^ {2}loyalty-sim (\S+)/gm)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThanOrEqual(8);
    for (const c of commands) expect(doc, c).toContain(`### \`${c}\``);
    expect(doc).toContain('Exit codes');
    expect(doc).toContain('differences.csv');
    expect(doc).toContain('pHigher');
  });
});

describe('docs/metrics.md and docs/scenario-reference.md', () => {
  it('are what scripts/reference-docs.mjs generates from the metric declarations and the schema', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'reference-docs.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });
});

describe('README', () => {
  it('links the project\'s own CLI document, not one outside the clone', () => {
    expect(README).not.toContain('../shared');
    expect(README).toContain('](docs/cli.md)');
  });

  /** The README's `npx loyalty-sim ...` lines, comments removed. */
  const examples = README.split('\n')
    .filter((l) => l.startsWith('npx loyalty-sim '))
    .map((l) => l.replace(/\s{2,}#.*$/, '').trim());

  /** An example made tiny: few customers, a short horizon, few seeds (and few more for --precision), no charts. */
  function tiny(line: string, k: number): string[] {
    // files the examples name in the clone (calibration targets) are read from the project
    const args = line.replace(/^npx loyalty-sim /, '').split(/\s+/).map((a) => (/^[\w-]+\/[\w./-]+\.ya?ml$/.test(a) && existsSync(join(ROOT, a)) ? join(ROOT, a) : a));
    const command = args[0];
    const set = (flag: string, value: string) => {
      const i = args.indexOf(flag);
      if (i >= 0) args[i + 1] = value;
      else args.push(flag, value);
    };
    if (command === 'list' || command === 'validate') return args;
    set('--customers', '200');
    set('--periods', '60');
    if (command === 'calibrate') set('--max-evals', '6'); // the fewest for the four scales of calibration/retail.yaml
    if (command === 'sensitivity') set('--trajectories', '2');
    if (args.includes('--max-seeds')) set('--max-seeds', '4');
    if (['replicate', 'compare', 'grid', 'game', 'decide', 'calibrate', 'sensitivity', 'evidence'].includes(command)) {
      set('--seeds', args.includes('--shard') ? '10' : '2');
      set('--workers', '1'); // tiny runs: starting a worker pool would cost more than the runs
    }
    // one folder per example: two running at once must not share a result folder (and its lock)
    args.push('--no-charts', '--out', `readme-out-${k}`);
    return args;
  }

  it('has examples of every experiment command and of --set on a program field', () => {
    const commands = new Set(examples.map((e) => e.split(/\s+/)[2]));
    for (const c of ['list', 'run', 'compare', 'replicate', 'grid', 'game', 'decide', 'validate']) expect(commands, c).toContain(c);
    expect(examples.some((e) => /--set firms\.\w+\.program\.\w+=/.test(e))).toBe(true);
  });

  it('every example runs and exits 0', async () => {
    // the README's own scenario file
    writeFileSync(join(work, 'my-market.yaml'), 'name: my-market\ndescription: A market of my own.\nextends: baseline\nclutter: 0.5\n');
    // two at a time: the machine's cores, not more. The first example runs the executable,
    // the others main() in process (what the executable calls), sparing a start-up each.
    const results: { line: string; args: string[]; r: CliResult }[] = [];
    let next = 0;
    const lane = async () => {
      while (next < examples.length) {
        const k = next++;
        const line = examples[k];
        const args = tiny(line, k);
        results.push({ line, args, r: await (k === 0 ? cli : cliInProcess)(args, { cwd: work }) });
      }
    };
    await Promise.all([lane(), lane()]);
    expect(results).toHaveLength(examples.length);
    for (const { line, args, r } of results) expect(r.code, `${line}\n→ loyalty-sim ${args.join(' ')}\n${r.stderr}`).toBe(0);
  }, 300_000);
});

describe('help', () => {
  it('validate --help lists only the options validate uses', async () => {
    const r = await cli(['validate', '--help'], { cwd: work });
    expect(r.code).toBe(0);
    const options = [...r.stdout.matchAll(/^ {2}(--[\w-]+)/gm)].map((m) => m[1]).sort();
    expect(options).toEqual(['--customers', '--help', '--periods', '--quiet', '--set', '--version']);
  });

  it('game --help describes the scenario and every option', async () => {
    const r = await cli(['game', '--help'], { cwd: work });
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /^ {2}(--[\w-]+|scenario)\s/.test(l));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      // a described row has text between the name and the [type] column
      const text = row.replace(/^ {2}\S+/, '').replace(/\[[^\]]*\]/g, '').trim();
      expect(text.length, row).toBeGreaterThan(5);
    }
    expect(r.stdout).toMatch(/--seed-base\s+base of the replicate seeds/);
  });
});
