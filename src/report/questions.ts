/**
 * The questions the scenarios answer, as the front page groups them. Each is a test of what
 * a scenario is made of (its events, programs, contracts, game, lead), not a list of names,
 * so a new scenario finds its place by itself; a scenario belongs to the first it fits.
 */
import type { Scenario } from '../model/schema.js';

interface Question {
  readonly question: string;
  readonly fits: (s: Scenario) => boolean;
}

const launchesPrograms = (s: Scenario): boolean =>
  s.events.some((e) => (e.set as { program?: { enabled?: unknown } }).program?.enabled === true) || s.game?.field === 'program.enabled' || s.lead?.event === 'programLaunch';

/** In the front page's order. */
const QUESTIONS: readonly Question[] = [
  { question: 'When firms launch loyalty programs, who gains?', fits: launchesPrograms },
  { question: 'Which program pays, for which customers, against which other levers?', fits: (s) => s.firms.some((f) => f.program?.enabled) },
  { question: 'Do contracts and habit keep customers?', fits: (s) => s.firms.some((f) => f.contract?.enabled) || s.lead?.event === 'qualityChange' },
  { question: 'Without programs: what do price and service do to shares and churn?', fits: () => true },
];

/** The question a scenario belongs to. */
export const topicOf = (s: Scenario): string => QUESTIONS.find((q) => q.fits(s))!.question;

/** The questions in the front page's order. */
export const TOPICS: readonly string[] = QUESTIONS.map((q) => q.question);
