/**
 * `loyalty-sim <args>` inside the test process: the main() the executable calls
 * (src/cli/program.ts), in `options.cwd`, with what it writes to stdout and stderr captured;
 * the arguments and the result are cli()'s (./cli.ts).
 * For large tables of refusals, where starting a process per case costs many times the
 * check itself; a sample of the same cases still runs the real executable.
 *
 * Calls are queued, never overlapping: the working directory, the two streams and
 * process.argv (which the commands read back: raw option text, the command line a manifest
 * records) belong to the whole process.
 */
import { main } from '../../src/cli/program.js';
import { CLI, ROOT, type CliResult } from './cli.js';

// esbuild (which `explore` loads) fixes its service's working directory when first
// loaded: load it here, in the test process's own directory, or a later build in this
// process would start its service in a temporary folder that is gone by then.
await import('esbuild');

let queue: Promise<unknown> = Promise.resolve();

export function cliInProcess(args: readonly string[], options: { readonly cwd?: string } = {}): Promise<CliResult> {
  const call = queue.then(() => capture(args, options.cwd ?? ROOT));
  queue = call.catch(() => undefined);
  return call;
}

async function capture(args: readonly string[], cwd: string): Promise<CliResult> {
  const out = { stdout: '', stderr: '' };
  const streams = { stdout: process.stdout, stderr: process.stderr } as const;
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const name of ['stdout', 'stderr'] as const) {
    streams[name].write = ((chunk: string | Uint8Array) => {
      out[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
  }
  const home = process.cwd();
  const exitCode = process.exitCode;
  const argv = process.argv;
  process.argv = [process.execPath, CLI, ...args];
  process.chdir(cwd);
  try {
    const code = await main([...args]);
    return { code, signal: null, ...out };
  } finally {
    process.chdir(home);
    process.argv = argv;
    process.exitCode = exitCode;
    streams.stdout.write = writes.stdout;
    streams.stderr.write = writes.stderr;
  }
}
