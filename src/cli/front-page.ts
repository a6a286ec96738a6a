/** The front page (<out>/index.html) with a section for each experiment kind of the registry, in its order. */
import { KINDS } from '../experiment/kinds/index.js';
import { writeOutputIndex, type FrontPageSections } from '../report/output-index.js';

const SECTIONS: FrontPageSections = KINDS.map((k) => [k.name, k.section]);

export const writeFrontPage = (out: string): void => writeOutputIndex(out, SECTIONS);
