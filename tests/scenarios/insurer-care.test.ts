/** Scenario library: the case "insurer-care" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('insurer-care', () => caseTest('insurer-care'));
