/** Scenario library: the case "self-selection" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('self-selection', () => caseTest('self-selection'));
