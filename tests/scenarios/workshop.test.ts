/** Scenario library: the case "workshop" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('workshop', () => caseTest('workshop'));
