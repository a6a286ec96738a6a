/** Scenario library: the case "b2b-integration" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('b2b-integration', () => caseTest('b2b-integration'));
