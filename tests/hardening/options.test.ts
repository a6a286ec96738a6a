/**
 * Bad options through the CLI: exit 2, exactly one line per problem naming the option, no
 * stack trace, nothing created under --out. Every sixth case runs the real executable; the
 * others run its main() in process, where a refusal costs milliseconds instead of a
 * process start.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, removeDir, STACK_LINE, tempDir } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';
import { maxWorkers } from '../../src/experiment/engine/args.js';

let tmp: string;
beforeAll(async () => {
  await ensureBuilt();
  tmp = tempDir('options');
});
afterAll(() => removeDir(tmp));

const SMALL = ['--customers', '500', '--periods', '20', '--no-charts'];

const cases: { name: string; args: string[]; stderr: string; env?: Record<string, string> }[] = [
  { name: 'negative seed', args: ['run', 'baseline', '--seed', '-1', ...SMALL], stderr: 'option --seed: expected a whole number from 0 to 2147483647, got -1' },
  { name: 'seed not a number', args: ['run', 'baseline', '--seed', 'abc', ...SMALL], stderr: 'option --seed: expected a whole number from 0 to 2147483647, got "abc"' },
  { name: 'zero customers', args: ['run', 'baseline', '--customers', '0', '--periods', '20'], stderr: 'option --customers: expected a whole number from 1 to 100000000, got 0' },
  { name: 'customers not a number', args: ['run', 'baseline', '--customers', 'many', '--periods', '20'], stderr: 'option --customers: expected a whole number from 1 to 100000000, got "many"' },
  { name: 'fractional periods', args: ['run', 'baseline', '--customers', '500', '--periods', '2.5'], stderr: 'option --periods: expected a whole number from 1 to 100000, got 2.5' },
  { name: 'option given twice', args: ['run', 'baseline', '--customers', '500', '--customers', '600', '--periods', '20'], stderr: 'option --customers: expected a whole number from 1 to 100000000, got 2 values (500, 600); give it once' },
  {
    name: 'several bad options at once',
    args: ['run', 'baseline', '--customers', '0', '--periods', '-3', '--out', ''],
    stderr: ['option --customers: expected a whole number from 1 to 100000000, got 0', 'option --periods: expected a whole number from 1 to 100000, got -3', 'option --out: expected a directory path, got empty text'].join('\n'),
  },
  { name: 'set without =', args: ['run', 'baseline', '--set', 'firms.0.price', ...SMALL], stderr: 'option --set: expected path=value, e.g. firms.0.price=9.5, got "firms.0.price"' },
  { name: 'set of an unknown field', args: ['run', 'baseline', '--set', 'firms.0.prize=3', ...SMALL], stderr: 'option --set: firms.0.prize: unknown field (did you mean "price"?)' },
  { name: 'set of a wrong type', args: ['run', 'baseline', '--set', 'clutter=lots', ...SMALL], stderr: 'option --set: clutter: expected a number, got "lots"' },
  { name: 'set of an unknown firm', args: ['run', 'baseline', '--set', 'firms.Nobody.price=3', ...SMALL], stderr: /^option --set: firms\.Nobody\.price: no list entry "Nobody" \(expected an index from 0 to \d+ or one of the names .*\)$/.source },
  // a usage problem names the command's own options, and a guess for a mistyped one
  { name: 'unknown option', args: ['run', 'baseline', '--sed', '3', ...SMALL], stderr: 'loyalty-sim: Unknown argument: sed (did you mean --set or --seed for --sed?); run takes --customers, --periods, --set, --out, --charts, --quiet, --json, --max-memory, --threads, --seed, --panel (loyalty-sim run --help explains each)' },
  { name: 'run --seeds (an experiment option)', args: ['run', '--seeds', '4', ...SMALL], stderr: 'loyalty-sim: Unknown argument: seeds (did you mean --seed for --seeds?); run takes --customers, --periods, --set, --out, --charts, --quiet, --json, --max-memory, --threads, --seed, --panel (loyalty-sim run --help explains each)' },
  { name: 'no command', args: [], stderr: 'loyalty-sim: name a command (loyalty-sim --help lists the commands and their options)' },
  { name: 'bad --max-memory', args: ['run', 'baseline', '--max-memory', '-1', ...SMALL], stderr: 'option --max-memory: expected a number of megabytes > 0, got -1' },
  { name: 'unknown scenario', args: ['run', 'no-such-scenario', ...SMALL], stderr: /^no-such-scenario: no such file or shipped scenario \(expected a \.yaml\/\.yml\/\.json path or one of: .*\)$/.source },
  { name: 'missing file', args: ['run', './missing.yaml', ...SMALL], stderr: './missing.yaml: file not found (expected a .yaml, .yml or .json scenario file)' },
  { name: 'run: --threads 0', args: ['run', 'baseline', '--threads', '0', ...SMALL], stderr: 'option --threads: expected \'auto\' or a whole number from 1 to 256, got 0' },
  { name: 'run: --threads -2', args: ['run', 'baseline', '--threads', '-2', ...SMALL], stderr: 'option --threads: expected \'auto\' or a whole number from 1 to 256, got -2' },
  { name: 'run: --threads 1.5', args: ['run', 'baseline', '--threads', '1.5', ...SMALL], stderr: 'option --threads: expected \'auto\' or a whole number from 1 to 256, got 1.5' },
  { name: 'run: --threads many', args: ['run', 'baseline', '--threads', 'many', ...SMALL], stderr: 'option --threads: expected \'auto\' or a whole number from 1 to 256, got "many"' },
  { name: 'all: --threads 0', args: ['all', '--threads', '0', ...SMALL], stderr: 'option --threads: expected \'auto\' or a whole number from 1 to 256, got 0' },
  // Experiments spread their runs over --workers; threads within those runs would oversubscribe the cores.
  { name: 'replicate: --threads 2', args: ['replicate', 'baseline', '--seeds', '2', '--threads', '2', ...SMALL], stderr: /^loyalty-sim: Unknown argument: threads; replicate takes --customers, .*--seeds, .*--workers, .* \(loyalty-sim replicate --help explains each\)$/.source },
  { name: 'decide without --firm', args: ['decide', 'theatre', ...SMALL], stderr: /^loyalty-sim: Missing required argument: firm; decide takes .*--firm, --option, .*--precision, --max-seeds \(loyalty-sim decide --help explains each\)$/.source },
  { name: 'replicate: --workers abc', args: ['replicate', 'baseline', '--seeds', '2', '--workers', 'abc', ...SMALL], stderr: `option --workers: expected 'auto' or a whole number from 1 to ${maxWorkers()}, got "abc"` },
  { name: 'replicate: --shard 3/2', args: ['replicate', 'baseline', '--seeds', '2', '--shard', '3/2', ...SMALL], stderr: 'option --shard: expected i < n in i/n (shards are numbered 0 to 1), got "3/2"' },
  { name: 'replicate: --seeds 0', args: ['replicate', 'baseline', '--seeds', '0', ...SMALL], stderr: /^option --seeds: expected at least 2 seeds \(a 95% interval needs two\), got 0 \(use loyalty-sim run for a single seed\)$/.source },
];

describe.concurrent.each(cases.map((c, k) => ({ ...c, run: k % 6 === 0 ? cli : cliInProcess })))('$name', ({ args, stderr, run }) => {
  it('exit 2, one line per problem, no output', async () => {
    const out = join(tmp, args.join('_').replace(/\W+/g, '_').slice(0, 80) || 'none');
    const r = await run([...args, ...(args.length > 0 && !args.includes('--out') ? ['--out', out] : [])], { cwd: tmp });
    if (stderr.startsWith('^')) expect(r.stderr.trimEnd()).toMatch(new RegExp(stderr));
    else expect(r.stderr).toBe(`${stderr}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('environment', () => {
  it('a malformed LOYALTY_SIM_MAX_MEMORY_MB is named when the budget is read', async () => {
    const { defaultMemoryLimitBytes } = await import('../../src/model/memory.js');
    expect(() => defaultMemoryLimitBytes({ LOYALTY_SIM_MAX_MEMORY_MB: 'lots' })).toThrow('environment LOYALTY_SIM_MAX_MEMORY_MB: expected a number of megabytes > 0, got "lots"');
  });
});
