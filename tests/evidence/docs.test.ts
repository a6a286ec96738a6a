/**
 * docs/evidence.md and docs/odd.md are what their scripts generate (from the stored full
 * scorecard, which must still match the declared battery, and from the code); the ODD page
 * has the protocol's seven elements and its parameter table is the schema's fields.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/** The schema's fields as the scenario reference lists them (a plain script, loaded by URL). */
const { schemaFields } = (await import(new URL('../../scripts/reference-docs.mjs', import.meta.url).href)) as { schemaFields: () => { path: string }[] };

const check = (script: string) => spawnSync(process.execPath, [join(ROOT, 'scripts', script), '--check'], { cwd: ROOT, encoding: 'utf8' });

describe('docs/evidence.md', () => {
  it('is generated from the stored scorecard, which matches the declared battery, every pattern that does not hold explained', () => {
    const r = check('evidence-doc.mjs');
    expect(r.status, r.stderr).toBe(0);
  });
});

describe('docs/odd.md', () => {
  const page = readFileSync(join(ROOT, 'docs', 'odd.md'), 'utf8');

  it('is what scripts/odd-doc.mjs generates from the code', () => {
    const r = check('odd-doc.mjs');
    expect(r.status, r.stderr).toBe(0);
  });

  it('has the seven ODD elements in order', () => {
    const headings = [...page.matchAll(/^## (\d)\. (.+)$/gm)].map((m) => `${m[1]}. ${m[2]}`);
    expect(headings).toEqual([
      '1. Purpose and patterns', '2. Entities, state variables and scales', '3. Process overview and scheduling',
      '4. Design concepts', '5. Initialization', '6. Input data', '7. Submodels',
    ]);
  });

  it('its parameter table lists exactly the schema\'s fields', () => {
    const section = page.slice(page.indexOf('**Parameters**'), page.indexOf('## 7.'));
    const listed = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(schemaFields().map((f) => f.path));
    expect(listed.length).toBeGreaterThan(50);
  });
});
