/** Scenario library: the case "complaint-management" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('complaint-management', () => caseTest('complaint-management', { seeds: 8, customers: 3000 }));
