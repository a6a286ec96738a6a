/** Scenario library: the case "double-jeopardy" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('double-jeopardy', () => caseTest('double-jeopardy'));
