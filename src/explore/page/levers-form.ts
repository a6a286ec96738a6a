/**
 * The levers as form controls: a slider and a number box per numeric lever (both edit the
 * same value), a checkbox per program. Reading the form gives the Levers the worker runs.
 */
import type { FirmLevers, Levers, SegmentLevers } from '../levers.js';
import { escapeHtml } from '../../report/format.js';

interface NumericLever {
  readonly path: string;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly integer?: boolean;
}

const round = (x: number, step: number): number => Number((Math.round(x / step) * step).toFixed(6));

function firmLevers(j: number, f: FirmLevers): NumericLever[] {
  const p = `firms.${j}`;
  return [
    { path: `${p}.price`, label: 'price', min: round(f.price * 0.5, 0.05), max: round(f.price * 1.5, 0.05), step: 0.05 },
    { path: `${p}.quality`, label: 'quality', min: 0, max: 1, step: 0.01 },
    { path: `${p}.rewardValue`, label: 'reward value', min: 0, max: Math.max(20, f.rewardValue * 2), step: 0.5 },
    { path: `${p}.goalGradient`, label: 'goal gradient γ', min: 0, max: Math.max(1, f.goalGradient * 2), step: 0.01 },
  ];
}

function segmentLevers(i: number, s: SegmentLevers): NumericLever[] {
  const p = `segments.${i}`;
  return [
    { path: `${p}.habitWeight`, label: 'habit weight (mean)', min: 0, max: Math.max(8, s.habitWeight * 2), step: 0.1 },
    { path: `${p}.priceSensitivity`, label: 'price sensitivity (mean)', min: 0.02, max: Math.max(2, s.priceSensitivity * 2), step: 0.01 },
  ];
}

function valueAt(levers: Levers, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], levers);
}

function numericRow(lever: NumericLever, value: number): string {
  const id = `lever-${lever.path.replace(/\./g, '-')}`;
  const range = `<input type="range" data-path="${lever.path}" min="${lever.min}" max="${lever.max}" step="${lever.step}" value="${value}" aria-label="${lever.label}">`;
  const box = `<input type="number" id="${id}" data-path="${lever.path}" step="any" value="${value}"${lever.integer ? ' data-integer="1"' : ''}>`;
  return `<div class="lever"><label for="${id}">${lever.label}</label>${range}${box}</div>`;
}


/** Fill the form with the levers' controls. */
export function renderLevers(form: HTMLFormElement, levers: Levers): void {
  const market = [
    `<div class="lever"><label for="lever-customers">customers</label><span></span><input type="number" id="lever-customers" data-path="customers" min="1" step="1" value="${levers.customers}" data-integer="1"></div>`,
    `<div class="lever"><label for="lever-seed">seed</label><span></span><input type="number" id="lever-seed" data-path="seed" min="0" step="1" value="${levers.seed}" data-integer="1"></div>`,
    numericRow({ path: 'clutter', label: 'clutter κ', min: 0, max: Math.max(1, levers.clutter * 2), step: 0.01 }, levers.clutter),
  ];
  const firms = levers.firms.map((f, j) => {
    const toggle = `<div class="lever toggle"><label for="lever-firms-${j}-program">program</label><input type="checkbox" id="lever-firms-${j}-program" data-path="firms.${j}.program"${f.program ? ' checked' : ''}></div>`;
    const rows = firmLevers(j, f).map((l) => numericRow(l, Number(valueAt(levers, l.path))));
    return `<fieldset><legend>${escapeHtml(f.name)}</legend>${toggle}${rows.join('')}</fieldset>`;
  });
  const segments = levers.segments.map((s, i) => `<fieldset><legend>segment ${escapeHtml(s.name)}</legend>${segmentLevers(i, s).map((l) => numericRow(l, Number(valueAt(levers, l.path)))).join('')}</fieldset>`);
  form.innerHTML = `<fieldset><legend>market</legend>${market.join('')}</fieldset>${firms.join('')}${segments.join('')}<div id="problems"></div>`;
  // A slider and its number box show the same value.
  form.querySelectorAll<HTMLInputElement>('input[type=range]').forEach((range) => {
    const box = form.querySelector<HTMLInputElement>(`input[type=number][data-path="${range.dataset.path}"]`);
    if (!box) return;
    range.addEventListener('input', () => { box.value = range.value; });
    box.addEventListener('input', () => { range.value = box.value; });
  });
}

/** The levers the form shows, on top of `like` (which gives names and the shape). */
export function readLevers(form: HTMLFormElement, like: Levers): Levers {
  const out = structuredClone(like) as unknown as Record<string, unknown>;
  const set = (path: string, value: unknown): void => {
    const keys = path.split('.');
    const last = keys.pop() as string;
    const parent = keys.reduce<Record<string, unknown>>((v, k) => v[k] as Record<string, unknown>, out);
    parent[last] = value;
  };
  form.querySelectorAll<HTMLInputElement>('input[data-path]').forEach((input) => {
    const path = input.dataset.path as string;
    if (input.type === 'checkbox') set(path, input.checked);
    else if (input.type === 'number') set(path, input.value.trim() === '' ? Number.NaN : Number(input.value));
  });
  return out as unknown as Levers;
}
