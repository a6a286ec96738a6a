/** Scenario library: the case "tiefstapler" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('tiefstapler', () => caseTest('tiefstapler'));
