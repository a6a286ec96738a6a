/** Scenario library: the case "lock-in" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

// 4,500 customers: the burst's difference between dissatisfied and content customers is half a point of weekly switching.
describe('lock-in', () => caseTest('lock-in', { seeds: 8, customers: 4500 }));
