/** Scenario library: the case "targeting" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('targeting', () => caseTest('targeting', { seeds: 8, customers: 2000 }));
