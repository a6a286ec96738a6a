/** Where the build put the bundled math sandbox (math-sandbox.ts → dist/math/sandbox.cjs), for require(). */
import { compiledFile } from '../../io/worker-file.js';

export const mathSandboxFile = (): string => compiledFile(import.meta.url, 'sandbox.cjs', ['math']);
