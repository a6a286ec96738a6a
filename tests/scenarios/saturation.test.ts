/** Scenario library: the case "saturation" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

// 3,000 customers: clutter's part of the decline is a few tenths of a share point.
describe('saturation', () => caseTest('saturation', { seeds: 8, customers: 3000 }));
