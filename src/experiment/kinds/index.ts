/**
 * The experiment kinds, one line each: the name of its command and of its result folder,
 * its command line, what it does, its section on the front page, and its module (loaded
 * only when the kind runs, so that a command pays at start-up for its own kind alone).
 * The command line, `merge` and the front page read this table.
 */
import type { ExperimentKind } from './kind.js';

export interface KindEntry {
  /** the command's name and the result folder's (<out>/<scenario>/<name>/) */
  readonly name: string;
  /** yargs' command string, or null for a kind another kind's command runs (the theatre map: game --vary) */
  readonly command: string | null;
  readonly describe: string;
  /** the front page's section title for its results */
  readonly section: string;
  readonly load: () => Promise<ExperimentKind>;
}

const kind = (module: Promise<{ kind: ExperimentKind }>) => module.then((m) => m.kind);

/** In the order `loyalty-sim --help` lists their commands and the front page their results. */
export const KINDS: readonly KindEntry[] = [
  { name: 'replicate', command: 'replicate <scenario>', describe: 'many seeds: per-run results + mean and 95% intervals', section: 'Replications: means over seeds', load: () => kind(import('./replicate.js')) },
  { name: 'compare', command: 'compare <scenarios..>', describe: 'scenarios on the same seeds: paired differences (same firm names and horizon)', section: 'Comparisons: paired differences against a reference', load: () => kind(import('./compare.js')) },
  { name: 'grid', command: 'grid <scenario>', describe: 'a parameter grid or sample (--vary, --sample lhs:N)', section: 'Grids: responses to varied settings', load: () => kind(import('./grid.js')) },
  { name: 'game', command: 'game <scenario>', describe: 'every strategy profile across firms: payoffs, equilibria, verdict (with --vary: the theatre map)', section: 'Games: payoffs, equilibria and verdicts', load: () => kind(import('./game/kind.js')) },
  { name: 'decide', command: 'decide <scenario>', describe: "one firm's options against doing nothing, paired on the same seeds: the best option or what the seeds cannot separate (--firm F)", section: "Decisions: one firm's options against doing nothing", load: () => kind(import('./decide.js')) },
  { name: 'game-map', command: null, describe: 'the game over a grid of settings (game --vary)', section: 'Theatre maps: verdicts over settings', load: () => kind(import('./game-map.js')) },
  { name: 'calibrate', command: 'calibrate <scenario>', describe: 'fit parameters to target moments (--targets FILE)', section: 'Calibrations: fitted parameters', load: () => kind(import('./calibrate/kind.js')) },
  { name: 'sensitivity', command: 'sensitivity <scenario>', describe: 'how much named metrics move with named parameters (Morris elementary effects or one at a time)', section: 'Sensitivity: which settings move the results', load: () => kind(import('./sensitivity/kind.js')) },
  { name: 'evidence', command: 'evidence', describe: 'every published pattern of the battery on the shipped defaults: a scorecard of what holds, fails or is unresolved (--quick for CI)', section: 'Evidence: published patterns', load: () => kind(import('./evidence/kind.js')) },
];

/** A kind's entry by its name (the result folder's name), or undefined. */
export const kindEntry = (name: string): KindEntry | undefined => KINDS.find((k) => k.name === name);
