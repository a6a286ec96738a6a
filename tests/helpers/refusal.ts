import { InputError } from '../../src/errors.js';

/** The message `f` refuses its input with (an InputError), or a failed test when it accepts or fails otherwise. */
export function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  throw new Error('accepted');
}
