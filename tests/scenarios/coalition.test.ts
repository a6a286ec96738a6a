/** Scenario library: the case "coalition" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('coalition', () => caseTest('coalition', { seeds: 8, customers: 3000 }));
