/** Scenario library: the case "saturation" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('saturation', () => caseTest('saturation', { seeds: 8, customers: 2000 }));
