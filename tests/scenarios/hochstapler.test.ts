/** Scenario library: the case "hochstapler" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('hochstapler', () => caseTest('hochstapler', { seeds: 8, customers: 2000 }));
