/** Scenario library: the case "lock-in" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('lock-in', () => caseTest('lock-in', { seeds: 8, customers: 3000 }));
