/**
 * The bad-input corpus: every file in tests/fixtures/bad/ (with optional `<name>.args`,
 * one CLI argument a line) must be refused by the CLI, through `validate` and `run`, with
 * exit code 2, exactly the lines in `<name>.expected` on stderr, nothing on stdout, no
 * stack trace and no output directory. Every case goes through the command line's main();
 * one in six per command, a different sixth for each, through the real executable in a
 * process of its own (what a user runs; 122 processes would cost half a minute of CPU).
 *
 * Placeholders in .expected files: {shipped} = the shipped scenario names, {inputs} =
 * the strategy expression inputs (lists that grow as the project does).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listShippedNames } from '../../src/scenario/files.js';
import { EXPRESSION_INPUTS } from '../../src/model/strategy/expression.js';
import { cli, ensureBuilt, FIXTURES_BAD, removeDir, STACK_LINE, tempDir } from '../helpers/cli.js';
import { cliInProcess } from '../helpers/in-process.js';

interface Case {
  readonly file: string;
  readonly args: string[];
  readonly expected: string;
}

function corpus(): Case[] {
  const cases: Case[] = [];
  for (const file of readdirSync(FIXTURES_BAD).sort()) {
    if (file.endsWith('.expected') || file.endsWith('.args') || statSync(join(FIXTURES_BAD, file)).isDirectory()) continue;
    const base = join(FIXTURES_BAD, file.replace(/\.[^.]+$/, ''));
    const expectedFile = `${base}.expected`;
    const expected = existsSync(expectedFile)
      ? readFileSync(expectedFile, 'utf8')
          .replaceAll('{shipped}', listShippedNames().join(', '))
          .replaceAll('{inputs}', EXPRESSION_INPUTS.join(', '))
      : '';
    const args = existsSync(`${base}.args`) ? readFileSync(`${base}.args`, 'utf8').split('\n').filter((l) => l !== '') : [];
    cases.push({ file, args, expected });
  }
  return cases;
}

const cases = corpus();
let tmp: string;

beforeAll(async () => {
  await ensureBuilt();
  tmp = tempDir('corpus');
});
afterAll(() => removeDir(tmp));

describe('the bad-input corpus', () => {
  it('holds at least 40 cases, each with its expected message', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) expect(c.expected, `${c.file} has no .expected file`).not.toBe('');
  });
});

type Command = 'validate' | 'run';
/** Which cases run the executable: every sixth, offset per command so both see different files. */
const executable = (k: number, command: Command): boolean => k % 6 === (command === 'validate' ? 0 : 3);

function refusal(command: Command, k: number, args: readonly string[]) {
  return executable(k, command) ? cli(args, { cwd: FIXTURES_BAD }) : cliInProcess(args, { cwd: FIXTURES_BAD });
}

const where = (k: number, command: Command) => (executable(k, command) ? 'the executable' : 'main()');

describe.concurrent.each(cases.map((c, k) => ({ ...c, k })))('$file', ({ file, args, expected, k }) => {
  it(`validate (${where(k, 'validate')}): exit 2 with exactly the expected message`, async () => {
    const r = await refusal('validate', k, ['validate', file, ...args]);
    expect(r.stderr).toBe(expected);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK_LINE);
  }, 60_000);

  it(`run (${where(k, 'run')}): exit 2, the same message, no output directory`, async () => {
    const out = join(tmp, file.replace(/\W/g, '_'));
    const r = await refusal('run', k, ['run', file, ...args, '--out', out, '--no-charts']);
    expect(r.stderr).toBe(expected);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('the cases the executable runs', () => {
  it('are at least eight per command, and different files for each', () => {
    const through = (command: Command) => cases.filter((_, k) => executable(k, command)).map((c) => c.file);
    for (const command of ['validate', 'run'] as const) expect(through(command).length, command).toBeGreaterThanOrEqual(8);
    expect(through('validate').filter((f) => through('run').includes(f))).toEqual([]);
  });
});
