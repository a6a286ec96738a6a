/**
 * Progress on stderr: a bar with ETA on a terminal (cli-progress), a plain line every
 * few seconds when stderr is not a terminal (logs, CI, cluster jobs), nothing with --quiet.
 * The clock is read here for display only; nothing of it reaches the results.
 */
import cliProgress from 'cli-progress';
import { performance } from 'node:perf_hooks';

export interface Progress {
  /** one more run done (computed or reused) */
  tick(): void;
  setTotal(total: number): void;
  stop(): void;
}

const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
};

/** Lines when stderr is not a terminal come at most this often. */
const LINE_INTERVAL_MS = 10_000;

export function createProgress(options: { label: string; total: number; quiet: boolean }): Progress {
  let total = options.total;
  let done = 0;
  if (options.quiet) return { tick: () => void done++, setTotal: (t) => void (total = t), stop: () => undefined };

  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${options.label} [{bar}] {value}/{total} runs | {percentage}% | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, done);
    return {
      tick: () => bar.increment(),
      setTotal: (t) => bar.setTotal(t),
      stop: () => bar.stop(),
    };
  }

  const started = performance.now(); // elapsed time for the progress line only: never in results
  let lastPrint = started;
  const line = () => {
    const now = performance.now(); // elapsed time for the progress line only: never in results
    const rate = done / Math.max(1e-3, (now - started) / 1000);
    const eta = rate > 0 ? (total - done) / rate : NaN;
    process.stderr.write(`${options.label}: ${done}/${total} runs (${Math.round((100 * done) / Math.max(1, total))}%), ETA ${formatDuration(eta)}\n`);
    lastPrint = now;
  };
  return {
    tick: () => {
      done++;
      if (performance.now() - lastPrint >= LINE_INTERVAL_MS) line(); // elapsed time for the progress line only: never in results
    },
    setTotal: (t) => void (total = t),
    stop: () => line(),
  };
}
