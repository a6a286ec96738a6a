/** Scenario library: the case "heavy-buyers" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('heavy-buyers', () => caseTest('heavy-buyers', { seeds: 8, customers: 2000 }));
