/**
 * `npm run bench`: the standard benchmark cases, each in its own child process
 * so that its peak RSS is its own.
 *
 *   npm run bench                              table of every standard case
 *   npm run bench -- --json                    one JSON object per case per line on stdout
 *   npm run bench -- --case standard           one case (repeatable: --case a --case b)
 *   npm run bench -- --threads 2               split simulation cases over 2 threads (same results)
 *
 * A "decision" is one customer's shopping occasion (choice, experience, updates): the
 * market metric `shoppers`, summed over periods. `seconds` times the period loop only;
 * start-up (loading the scenario) and set-up (drawing the population) are reported
 * beside it. Peak RSS is the child's `process.resourceUsage().maxRSS`.
 *
 * Timing lives here, never in src/ (the core has no clock).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseCsv } from '../src/io/csv.js';
import { runDir } from '../src/report/run-files.js';
import { CASES, findCase, type BenchCase, type GameCase, type ReplicateCase, type SimulationCase } from './cases.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');

export interface CaseResult {
  case: string;
  customers: number;
  firms: number;
  periods: number;
  decisions: number;
  seconds: number;
  decisionsPerSecond: number;
  nsPerDecision: number;
  peakRssMB: number;
  /** process start to scenario loaded (module loading, YAML, validation) */
  startupSeconds?: number;
  /** drawing the population and building the firm table */
  setupSeconds?: number;
  /** CPU seconds (user + system, all threads) of the timed part, and decisions per CPU second: stabler than wall time on a busy machine */
  cpuSeconds?: number;
  decisionsPerCpuSecond?: number;
  threads?: number;
  /** replicate: seeds, and the wall time per worker count */
  seeds?: number;
  workers?: number;
  speedup?: number;
  /** run-standard: share of a CLI run spent outside the simulation */
  outsideFraction?: number;
  /** the machine's 1-minute load average when the case started: other work competing for the cores */
  loadAverage?: number;
  note?: string;
}

const rssMB = (): number => process.resourceUsage().maxRSS / 1024; // maxRSS is in kB

/**
 * Child: one simulation case, timed around the period loop: simulate.ts's own stepPeriod
 * (what `loyalty-sim run` does), customers stepped on one thread or, with --threads N,
 * split over threadsFor(customers, N) threads (src/model/parallel.ts), as `run --threads N`.
 */
async function childSimulation(c: SimulationCase, threads: number): Promise<CaseResult> {
  const { createSimulation, createStepper, stepPeriod, threadsFor } = await import('../src/model/simulate.js');
  const { finalDistributions } = await import('../src/model/final.js');
  const scenario = c.scenario();
  const used = threadsFor(scenario.customers, threads);
  const startupSeconds = performance.now() / 1000; // since process start (performance.timeOrigin)
  const loadAverage = loadavg()[0];
  const t0 = performance.now();
  const sim = createSimulation(scenario, c.seed, { shared: used > 1 });
  const stepper = await createStepper(sim, c.seed, used);
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  const t2 = performance.now();
  for (let t = 0; t < scenario.periods; t++) stepPeriod(sim, t, stepper);
  finalDistributions(sim.ctx);
  const t3 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  await stepper.close();
  const shoppers = sim.result.market.shoppers;
  let decisions = 0;
  for (let t = 0; t < scenario.periods; t++) decisions += shoppers[t];
  const seconds = (t3 - t2) / 1000;
  return {
    case: c.name,
    customers: scenario.customers,
    firms: scenario.firms.length,
    periods: scenario.periods,
    ...throughput(decisions, seconds),
    peakRssMB: round(rssMB(), 1),
    startupSeconds: round(startupSeconds, 3),
    setupSeconds: round((t1 - t0) / 1000, 3),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6, 3),
    decisionsPerCpuSecond: Math.round(decisions / ((cpu.user + cpu.system) / 1e6)),
    threads: stepper.threads,
    loadAverage: round(loadAverage, 2),
  };
}

/** Child: one replicate configuration (one worker count): the replicate plan on the experiment engine, into a temporary folder. */
async function childReplicate(c: ReplicateCase, workers: number): Promise<CaseResult> {
  const { executePlan } = await import('../src/experiment/engine/execute.js');
  const { jobsFor, makePoint } = await import('../src/experiment/engine/plan.js');
  const { readRecord } = await import('../src/experiment/engine/store.js');
  const scenario = c.scenario();
  const loadAverage = loadavg()[0];
  const metrics = { firm: [], market: ['shoppers'] };
  const point = makePoint('bench', scenario.name, scenario, {});
  const jobs = jobsFor([point], metrics, scenario.seed, 0, c.seeds);
  const plan = { kind: 'replicate' as const, name: 'bench', title: c.name, description: '', seedBase: scenario.seed, replicates: c.seeds, metrics, parameters: [], sample: null, reference: null, points: [point], jobs };
  const dir = mkdtempSync(join(tmpdir(), 'bench-replicate-'));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await executePlan(dir, plan, { workers, shard: null, quiet: true, label: c.name });
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  let decisions = 0;
  for (const job of jobs) {
    const series = readRecord(dir, job.key).series;
    for (let t = 0; t < series.length; t++) decisions += series[t];
  }
  rmSync(dir, { recursive: true, force: true });
  const seconds = (t1 - t0) / 1000;
  return {
    case: c.name,
    customers: c.customers,
    firms: c.firms,
    periods: c.periods,
    ...throughput(decisions, seconds),
    peakRssMB: round(rssMB(), 1),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6, 3),
    decisionsPerCpuSecond: Math.round(decisions / ((cpu.user + cpu.system) / 1e6)),
    seeds: c.seeds,
    workers,
    loadAverage: round(loadAverage, 2),
  };
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** The throughput fields every case reports. */
const throughput = (decisions: number, seconds: number) => ({
  decisions,
  seconds: round(seconds, 3),
  decisionsPerSecond: Math.round(decisions / seconds),
  nsPerDecision: round((seconds * 1e9) / decisions, 1),
});

/** Parent: run a child process and read its one JSON line. */
function spawnChild(args: string[]): CaseResult {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`bench child ${args.join(' ')} failed with exit code ${child.status}`);
  const line = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as CaseResult;
}

/**
 * game-theatre: a whole `loyalty-sim game --precision` (process start to exit, default
 * workers): the wall time until the verdict is resolved or the seed budget is spent.
 * Decisions are not counted (the runs are cached files); the note says what it found.
 */
function runGame(c: GameCase): CaseResult {
  const dir = mkdtempSync(join(tmpdir(), 'bench-game-'));
  try {
    const loadAverage = loadavg()[0];
    const t0 = performance.now();
    const stdout = execFileSync(process.execPath, [cli, 'game', c.scenarioName, '--customers', String(c.customers), '--periods', String(c.periods), '--seeds', String(c.seeds), '--precision', '--max-seeds', String(c.maxSeeds), '--out', dir, '--no-charts', '--quiet', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const seconds = (performance.now() - t0) / 1000;
    const summary = (JSON.parse(stdout) as { summary: { verdict: string; seeds: number[]; profiles: unknown[] } }).summary;
    return {
      case: c.name,
      customers: c.customers,
      firms: c.firms,
      periods: c.periods,
      decisions: NaN,
      seconds: round(seconds, 1),
      decisionsPerSecond: NaN,
      nsPerDecision: NaN,
      peakRssMB: NaN,
      seeds: summary.seeds.length,
      loadAverage: round(loadAverage, 2),
      note: `${summary.verdict} after ${summary.seeds.length} seeds (${summary.seeds.length * summary.profiles.length} runs)`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runCase(c: BenchCase, threads: number): CaseResult[] {
  if (c.kind === 'game') return [runGame(c)];
  if (c.kind === 'simulation') return [spawnChild(['--child', c.name, '--threads', String(threads)])];
  const rows = c.workers.map((w) => spawnChild(['--child', c.name, '--workers', String(w)]));
  const base = rows[0].seconds;
  for (const r of rows) r.speedup = round(base / r.seconds, 2);
  if (c.workers.length > 1 && cpus().length < Math.max(...c.workers)) {
    for (const r of rows) r.note = `only ${cpus().length} cores`;
  }
  return rows;
}

/**
 * run-standard: a whole `loyalty-sim run` of the standard case (process start to exit,
 * --no-charts), profiled: the share of its CPU samples outside simulate() (start-up,
 * loading and validating the scenario, writing the outputs) is `outsideFraction`. A
 * profile's shares do not depend on what else the machine is doing, unlike a difference
 * of two wall times.
 */
function runOverhead(): CaseResult {
  const c = findCase('standard') as SimulationCase;
  const dir = mkdtempSync(join(tmpdir(), 'bench-run-'));
  try {
    const file = join(dir, 'standard.json');
    const scenario = { ...c.scenario(), name: 'standard' };
    writeFileSync(file, JSON.stringify(scenario));
    const t0 = performance.now();
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', join(dir, 'profile'), cli, 'run', file, '--seed', String(c.seed), '--out', join(dir, 'out'), '--no-charts', '--quiet'], { stdio: 'inherit' });
    const seconds = (performance.now() - t0) / 1000;
    const profileFile = readdirSync(join(dir, 'profile')).find((f) => f.endsWith('.cpuprofile'));
    const outside = profileFile ? shareOutside(JSON.parse(readFileSync(join(dir, 'profile', profileFile), 'utf8')) as CpuProfile, 'simulate') : NaN;
    const decisions = decisionsOf(runDir(join(dir, 'out'), scenario.name, c.seed));
    return {
      case: 'run-standard',
      customers: scenario.customers,
      firms: scenario.firms.length,
      periods: scenario.periods,
      ...throughput(decisions, seconds),
      peakRssMB: NaN,
      outsideFraction: round(outside, 3),
      loadAverage: round(loadavg()[0], 2),
      note: 'whole CLI run, profiled (--cpu-prof adds a little to the wall time)',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Share of a profile's sampled time not under a call of function `name`. */
function shareOutside(profile: CpuProfile, name: string): number {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inside = new Map<number, boolean>();
  const isInside = (id: number): boolean => {
    const known = inside.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const result = node.callFrame.functionName === name || (up !== undefined && isInside(up));
    inside.set(id, result);
    return result;
  };
  let total = 0;
  let outside = 0;
  profile.samples.forEach((id, k) => {
    const dt = profile.timeDeltas[k] ?? 0;
    total += dt;
    if (!isInside(id)) outside += dt;
  });
  return total > 0 ? outside / total : NaN;
}

/** Decisions of the run written in `runDirectory`: its market.csv column `shoppers`, summed. */
function decisionsOf(runDirectory: string): number {
  const { header, rows } = parseCsv(readFileSync(join(runDirectory, 'market.csv'), 'utf8'));
  const column = header.indexOf('shoppers');
  return column < 0 ? NaN : rows.reduce((sum, row) => sum + Number(row[column]), 0);
}

function table(rows: CaseResult[]): string {
  const head = ['case', 'customers', 'firms', 'periods', 'decisions', 'seconds', 'decisions/s', 'ns/decision', 'decisions/CPU-s', 'peak RSS MB', 'notes'];
  const body = rows.map((r) => [
    r.case,
    r.customers.toLocaleString('en-US'),
    String(r.firms),
    String(r.periods),
    Number.isFinite(r.decisions) ? r.decisions.toLocaleString('en-US') : '',
    r.seconds.toFixed(2),
    Number.isFinite(r.decisionsPerSecond) ? r.decisionsPerSecond.toLocaleString('en-US') : '',
    Number.isFinite(r.nsPerDecision) ? r.nsPerDecision.toFixed(0) : '',
    r.decisionsPerCpuSecond !== undefined ? r.decisionsPerCpuSecond.toLocaleString('en-US') : '',
    Number.isFinite(r.peakRssMB) ? r.peakRssMB.toFixed(0) : '',
    [
      r.setupSeconds !== undefined ? `setup ${r.setupSeconds.toFixed(2)}s` : '',
      r.threads !== undefined && r.threads > 1 ? `${r.threads} threads` : '',
      r.workers !== undefined ? `${r.seeds} seeds, ${r.workers} worker${r.workers > 1 ? 's' : ''}, ×${r.speedup}` : '',
      r.outsideFraction !== undefined ? `${(r.outsideFraction * 100).toFixed(1)}% outside simulation` : '',
      r.loadAverage !== undefined ? `load ${r.loadAverage.toFixed(1)}` : '',
      r.note ?? '',
    ].filter(Boolean).join('; '),
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((b) => b[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => (k === 0 || k === cells.length - 1 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const value = (flag: string): string | undefined => {
    const k = args.indexOf(flag);
    return k >= 0 ? args[k + 1] : undefined;
  };
  const child = value('--child');
  if (child !== undefined) {
    const c = findCase(child);
    if (!c) throw new Error(`no bench case ${child}`);
    if (c.kind === 'game') throw new Error(`bench case ${child} runs the CLI, not a child`);
    const result = c.kind === 'simulation' ? await childSimulation(c, Number(value('--threads') ?? 1)) : await childReplicate(c, Number(value('--workers') ?? 1));
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const json = args.includes('--json');
  const threads = Number(value('--threads') ?? 1);
  const wanted: string[] = [];
  args.forEach((a, k) => {
    if (a === '--case') wanted.push(args[k + 1]);
  });
  const names = wanted.length > 0 ? wanted : [...CASES.map((c) => c.name), 'run-standard'];
  for (const name of names) {
    if (name !== 'run-standard' && !findCase(name)) {
      process.stderr.write(`no bench case '${name}'; cases: ${[...CASES.map((c) => c.name), 'run-standard'].join(', ')}\n`);
      process.exitCode = 2;
      return;
    }
  }
  if (!json) {
    const cpu = cpus()[0];
    process.stderr.write(`loyalty-sim bench: node ${process.version}, ${cpus().length} × ${cpu?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB\n`);
  }
  const rows: CaseResult[] = [];
  for (const name of names) {
    if (!json) process.stderr.write(`running ${name}…\n`);
    const found = name === 'run-standard' ? [runOverhead()] : runCase(findCase(name)!, threads);
    for (const r of found) {
      rows.push(r);
      if (json) process.stdout.write(JSON.stringify(r) + '\n');
    }
  }
  if (!json) process.stdout.write(table(rows) + '\n');
}

await main();
