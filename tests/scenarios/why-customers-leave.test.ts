/** Scenario library: the case "why-customers-leave" (see cases.ts for what is measured and claimed). */
import { describe } from 'vitest';
import { caseTest } from './case-test.js';

describe('why-customers-leave', () => caseTest('why-customers-leave'));
