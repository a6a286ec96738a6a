/** The loader in process: extends, --set, attribution of problems, hostile files. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LISTED_PROBLEMS, displayPath, printable } from '../../src/errors.js';
import { listShippedNames, resolveScenarioPath } from '../../src/scenario/files.js';
import { readDocument, MAX_FILE_BYTES } from '../../src/scenario/read.js';
import { loadScenario, validateScenario } from '../../src/scenario/load.js';
import { applyOverride, applyOverrideAt } from '../../src/scenario/merge.js';
import { deepMerge } from '../../src/model/deep-merge.js';
import { refusal } from '../helpers/refusal.js';

let dir: string;
const file = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
};
const GOOD = 'segments:\n  - name: all\n    share: 1\nfirms:\n  - name: A\n    price: 10\n  - name: B\n    price: 11\n';


beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loyalty-sim-load-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shipped scenarios', () => {
  it('all validate', () => {
    const names = listShippedNames();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(loadScenario(name).scenario.name).toBe(name);
  });
});

describe('extends', () => {
  it('merges parent-first, named lists by name, and names the child after its file', () => {
    file('parent.yaml', `${GOOD}clutter: 0.7\n`);
    const child = file('child.yaml', 'extends: parent.yaml\nfirms:\n  - name: B\n    price: 12\n  - name: C\n    price: 9\n');
    const { scenario } = loadScenario(child);
    expect(scenario.name).toBe('child');
    expect(scenario.clutter).toBe(0.7);
    expect(scenario.firms.map((f) => [f.name, f.price])).toEqual([['A', 10], ['B', 12], ['C', 9]]);
  });

  it('blames a bad value on the file that wrote it', () => {
    file('p2/parent.yaml', `${GOOD}clutter: lots\n`);
    const child = file('p2/child.yaml', 'extends: parent.yaml\ncustomers: -1\n');
    const message = refusal(() => loadScenario(child));
    expect(message).toContain(`${displayPath(join(dir, 'p2/parent.yaml'))}: clutter: expected a number, got "lots"`);
    expect(message).toContain(`${displayPath(child)}: customers: expected a value ≥ 1, got -1`);
  });

  it('refuses chains longer than 8 files', () => {
    for (let i = 0; i < 10; i++) file(`chain/c${i}.yaml`, i === 9 ? GOOD : `extends: c${i + 1}.yaml\n`);
    expect(refusal(() => loadScenario(join(dir, 'chain/c0.yaml')))).toMatch(/extends: expected at most 8 levels of extends/);
  });
});

describe('--set', () => {
  it('addresses list entries by index or name and reports the resolved path', () => {
    const doc = { firms: [{ name: 'A', price: 1 }, { name: 'B', price: 2 }] };
    expect(applyOverrideAt(doc, 'firms.B.price=3')).toEqual({ doc: { firms: [{ name: 'A', price: 1 }, { name: 'B', price: 3 }] }, path: 'firms.1.price' });
    expect(applyOverride(doc, 'firms.0.program={enabled: true}')).toEqual({ firms: [{ name: 'A', price: 1, program: { enabled: true } }, { name: 'B', price: 2 }] });
  });

  it('blames problems at the set path on the option', () => {
    const f = file('set.yaml', GOOD);
    expect(refusal(() => loadScenario(f, { set: ['firms.B.price=-2'] }))).toBe('option --set: firms.1.price: expected a value ≥ 0.000001, got -2');
    expect(refusal(() => loadScenario(f, { customers: 0 }))).toBe('option --customers: customers: expected a value ≥ 1, got 0');
  });

  it('reports every bad assignment at once, with the file problems', () => {
    const f = file('set2.yaml', `${GOOD}clutter: -1\n`);
    const message = refusal(() => loadScenario(f, { set: ['x', 'a..b=1', 'firms.5.price=1', 'periods=[1,'] }));
    expect(message.split('\n')).toEqual([
      'option --set: expected path=value, e.g. firms.0.price=9.5, got "x"',
      'option --set: expected a dotted field path such as firms.0.program.rewardValue, got "a..b"',
      'option --set: firms.5.price: no list entry "5" (expected an index from 0 to 1 or one of the names "A", "B"; a new entry at 2 starts with its name: firms.2.name=...)',
      expect.stringMatching(/^option --set: periods: expected a value readable as YAML/),
      `${displayPath(f)}: clutter: expected a value ≥ 0, got -1`,
    ]);
  });

  it('one past the last entry is a wrong index unless it starts a new entry with its name', () => {
    const f = file('set-index.yaml', GOOD);
    expect(refusal(() => loadScenario(f, { set: ['firms.2.price=9.5'] }))).toBe(
      'option --set: firms.2.price: no list entry "2" (expected an index from 0 to 1 or one of the names "A", "B"; a new entry at 2 starts with its name: firms.2.name=...)',
    );
    expect(loadScenario(f, { set: ['firms.2.name=C', 'firms.2.price=9.5'] }).scenario.firms.map((x) => [x.name, x.price])).toEqual([['A', 10], ['B', 11], ['C', 9.5]]);
  });

  it('changes a number relatively when the value ends in %', () => {
    const f = file('set-relative.yaml', GOOD);
    const firms = loadScenario(f, { set: ['firms.B.price=-5%', 'firms.0.price=+12%'] }).scenario.firms;
    expect(firms.map((x) => x.price)).toEqual([11.2, 10.45]);
    // a field the file leaves to its default changes from the default (recoveryRate 0.5)
    expect(loadScenario(f, { set: ['firms.A.recoveryRate=+20%'] }).scenario.firms[0].recoveryRate).toBe(0.6);
    // applied in order: the second change multiplies the first's result
    expect(loadScenario(f, { set: ['firms.A.price=20', 'firms.A.price=-50%'] }).scenario.firms[0].price).toBe(10);
  });

  it('refuses a relative change of a field that is not a number, or a malformed one, naming the path', () => {
    const f = file('set-relative-bad.yaml', GOOD);
    expect(refusal(() => loadScenario(f, { set: ['firms.A.name=-5%'] }))).toBe('option --set: firms.A.name: a relative change (-5%) needs a number to change, but the field holds "A"');
    expect(refusal(() => loadScenario(f, { set: ['segments.all.priceSensitivity=+10%'] }))).toBe('option --set: segments.all.priceSensitivity: a relative change (+10%) needs a number to change, but the field holds a mapping');
    expect(refusal(() => loadScenario(f, { set: ['firms.A.price=ten%'] }))).toBe('option --set: firms.A.price: expected a relative change such as -5% or +12% (a value ending in % is always relative), got "ten%"');
  });

  it('never reaches a prototype', () => {
    expect(refusal(() => applyOverride({}, '__proto__.polluted=1'))).toMatch(/dotted field path/);
    expect(refusal(() => applyOverride({}, 'a.constructor.prototype.polluted=1'))).toMatch(/dotted field path/);
    expect(deepMerge({ a: 1 }, JSON.parse('{"__proto__": {"polluted": 1}, "b": 2}'))).toEqual({ a: 1, b: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hostile files', () => {
  it('refuses a directory, a missing file, an empty reference and a file over the size limit', () => {
    mkdirSync(join(dir, 'd.yaml'), { recursive: true });
    expect(refusal(() => loadScenario(join(dir, 'd.yaml')))).toMatch(/: is a directory \(expected a \.yaml, \.yml or \.json scenario file\)$/);
    expect(refusal(() => loadScenario(join(dir, 'missing.yaml')))).toMatch(/: file not found/);
    expect(refusal(() => resolveScenarioPath(''))).toMatch(/^scenario: expected a \.yaml\/\.yml\/\.json path or a shipped scenario name/);
    const big = file('big.yaml', Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
    expect(refusal(() => readDocument(big))).toMatch(/file is larger than 4 MB/);
  });

  it('reads a UTF-8 byte order mark and CRLF line ends', () => {
    const f = file('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GOOD.replace(/\n/g, '\r\n'))]));
    expect(loadScenario(f).scenario.firms).toHaveLength(2);
  });

  it('refuses __proto__ keys in JSON without touching prototypes', () => {
    const f = file('proto.json', '{"__proto__": {"polluted": true}, "segments": [], "firms": []}');
    expect(refusal(() => loadScenario(f))).toMatch(/__proto__: reserved key, not a scenario field/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a key given twice in a JSON object, where JSON.parse would keep the last', () => {
    const f = file('twice.json', '{\n  "name": "x",\n  "customers": 1000,\n  "customers": 5\n}');
    expect(refusal(() => loadScenario(f))).toBe(`${f}: invalid JSON at line 4, column 3: the key "customers" appears twice in the same mapping`);
    // the same key in different objects is fine
    const nested = file('nested.json', '{"firms": [{"name": "A"}, {"name": "B"}]}');
    expect(refusal(() => loadScenario(nested))).not.toMatch(/appears twice/);
  });

  it('lists at most 30 problems and counts the rest', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `bogus${i}: 1`).join('\n');
    const message = refusal(() => loadScenario(file('many.yaml', `${GOOD}${keys}\n`)));
    const lines = message.split('\n');
    expect(lines).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(lines[MAX_LISTED_PROBLEMS]).toMatch(/: … and 70 more problems$/);
  });

  it('a huge key is shortened and control characters are escaped in messages', () => {
    const key = `k\u001b[2J${'x'.repeat(500)}`;
    const message = refusal(() => validateScenario({ segments: [{ name: 's', share: 1 }], firms: [{ name: 'A', price: 1 }], [key]: 1 }, 'f.yaml'));
    expect(message.length).toBeLessThan(400);
    expect(message).not.toContain("x".repeat(50));
    expect(message).toContain('\\u001b');
    expect(printable('a\nb\u202ec')).toBe('a\\u000ab\\u202ec');
  });
});

describe('cross-field checks run even when the schema check fails', () => {
  it('reports a type error and a duplicate name together', () => {
    const message = refusal(() => validateScenario({ segments: [{ name: 's', share: 1 }], firms: [{ name: 'A', price: 'x' }, { name: 'A', price: 2 }] }, 'f.yaml'));
    expect(message.split('\n')).toEqual(['f.yaml: firms.0.price: expected a number, got "x"', 'f.yaml: firms.1.name: expected a unique name, got "A" again (also firms.0.name)']);
  });

  it('checks the firm an event leaves behind, including its strategy expression', () => {
    const message = refusal(() =>
      validateScenario(
        {
          segments: [{ name: 's', share: 1 }],
          firms: [{ name: 'A', price: 1 }],
          events: [{ period: 1, firm: 'A', set: { strategy: { price: { policy: 'expression', expression: 'process.exit(1)' } } } }],
        },
        'f.yaml',
      ),
    );
    expect(message).toMatch(/^f\.yaml: events\.0\.set\.strategy\.price\.expression: expression "process\.exit\(1\)": calling a property/);
  });
});

describe('lead', () => {
  const base = { segments: [{ name: 's', share: 1 }], firms: [{ name: 'A', price: 1 }, { name: 'B', price: 1 }] };

  it('names firms of the scenario and a declared metric, each refusal with its path', () => {
    const message = refusal(() => validateScenario({ ...base, lead: { event: 'programLaunch', firms: ['A', 'Zed'], metric: 'shares' } }, 'f.yaml'));
    expect(message).toContain('f.yaml: lead.firms.1: expected a firm name ("A", "B"), got "Zed"');
    expect(message).toMatch(/f\.yaml: lead\.metric: expected one of .*"share".*"meanPrice".*, got "shares"/);
    expect(refusal(() => validateScenario({ ...base, lead: { event: 'launch' } }, 'f.yaml'))).toMatch(/^f\.yaml: lead\.event: expected one of "programLaunch", "programEnd", "priceChange", "qualityChange", "scheduled", got "launch"/);
  });

  it('is optional, and kept as given', () => {
    expect(validateScenario(base, 'f.yaml').lead).toBeUndefined();
    expect(validateScenario({ ...base, lead: { event: 'programLaunch', firms: ['B'] } }, 'f.yaml').lead).toEqual({ event: 'programLaunch', firms: ['B'] });
  });
});
