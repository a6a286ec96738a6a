#!/usr/bin/env node
/**
 * loyalty-sim: the command line (INTERFACE.md). One file per command under commands/.
 * Exit codes: 0 success, 2 invalid input (one clear message per problem), 1 internal error.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../scenario/errors.js';
import { TOOL_VERSION } from '../version.js';
import { commands } from './commands/index.js';

export async function main(argv: string[]): Promise<number> {
  let usageProblem: string | null = null;
  const parser = yargs(argv)
    .scriptName('loyalty-sim')
    .version(TOOL_VERSION)
    .strict()
    .demandCommand(1, 'name a command (loyalty-sim --help lists them)')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      usageProblem = msg;
    });
  for (const command of commands) parser.command(command);
  try {
    await parser.parseAsync();
  } catch (e) {
    return reportError(e);
  }
  if (usageProblem !== null) {
    process.stderr.write(`loyalty-sim: ${usageProblem}\n`);
    return 2;
  }
  return process.exitCode === undefined ? 0 : Number(process.exitCode);
}

export function reportError(e: unknown): number {
  if (e instanceof InputError) {
    process.stderr.write(e.message + '\n');
    return 2;
  }
  const err = e as Error;
  process.stderr.write(`loyalty-sim: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.LOYALTY_SIM_DEBUG) process.stderr.write(`${err?.stack}\n`);
  return 1;
}

const code = await main(hideBin(process.argv));
process.exitCode = code;
