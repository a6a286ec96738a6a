/** Scenario library: the case "habit" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('habit', () => caseTest('habit'));
