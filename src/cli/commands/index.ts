/** Every command of the CLI; each lives in its own module. */
import type { CommandModule } from 'yargs';
import { runCommand } from './run.js';
import { validateCommand } from './validate.js';
import { listCommand } from './list.js';
import { allCommand } from './all.js';
import { replicateCommand } from './replicate.js';
import { compareCommand } from './compare.js';
import { gridCommand } from './grid.js';
import { mergeCommand } from './merge.js';
import { gameCommand } from './game.js';
import { reportCommand } from './report.js';
import { calibrateCommand } from './calibrate.js';
import { sensitivityCommand } from './sensitivity.js';
import { exploreCommand } from './explore.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [runCommand, validateCommand, listCommand, allCommand, replicateCommand, compareCommand, gridCommand, mergeCommand, gameCommand, calibrateCommand, sensitivityCommand, reportCommand, exploreCommand];
