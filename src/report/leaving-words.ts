/**
 * Why customers left, in words and groups, for the churn-causes chart and finding: the
 * scenario's failure kinds form one group (a service failure), each leaving reason its own.
 */
import { LEAVING_REASONS, type LeavingReason } from '../model/metrics.js';
import { humanize } from './theme.js';

/** The groups, in order of precedence (docs/model.md), as a chart legend and a sentence name them. */
export const CAUSE_GROUPS = ['service failure', 'moved home', 'cheaper rival', 'rival liked better', 'rival believed better', 'habit worn off', 'no reason in the model (noise)'] as const;
export type CauseGroup = (typeof CAUSE_GROUPS)[number];
/** The groups' colours: failures red, price blue as before, the customer's own reasons in greens, the rest muted. */
export const CAUSE_COLOURS: readonly string[] = ['#e45756', '#b279a2', '#4c78a8', '#54a24b', '#72b7b2', '#eeca3b', '#bab0ac'];

const REASON_GROUP: Record<LeavingReason, CauseGroup> = {
  relocation: 'moved home', price: 'cheaper rival', taste: 'rival liked better', quality: 'rival believed better', habit: 'habit worn off', noise: 'no reason in the model (noise)',
};

/** How a share of leavers reads after "of its leavers 31% …". */
const GROUP_PHRASE: Record<CauseGroup, string> = {
  'service failure': 'after a service failure',
  'moved home': 'after moving home',
  'cheaper rival': 'for a cheaper rival',
  'rival liked better': 'for a rival they like better',
  'rival believed better': 'for a rival they believe better',
  'habit worn off': 'as their habit wore off',
  'no reason in the model (noise)': 'for no reason the model holds (chance)',
};

const isReason = (cause: string): cause is LeavingReason => (LEAVING_REASONS as readonly string[]).includes(cause);

export const causeGroup = (cause: string): CauseGroup => (isReason(cause) ? REASON_GROUP[cause] : 'service failure');

/** A cause as a chart label: the failure kind in words, or the reason's group. */
export const causeLabel = (cause: string): string => (isReason(cause) ? REASON_GROUP[cause] : humanize(cause));

export const groupPhrase = (group: CauseGroup): string => GROUP_PHRASE[group];

/** Counts by cause summed into the groups, in group order. */
export function byGroup(counts: Readonly<Record<string, number>>): Map<CauseGroup, number> {
  const out = new Map<CauseGroup, number>(CAUSE_GROUPS.map((g) => [g, 0]));
  for (const [cause, n] of Object.entries(counts)) out.set(causeGroup(cause), out.get(causeGroup(cause))! + n);
  return out;
}
