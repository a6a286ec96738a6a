/**
 * The drawn text of a vega SVG, measured: every visible text line as a box in chart
 * coordinates (group translations, rotation and the anchor applied; widths from the
 * DejaVu Sans advance widths vega laid the chart out with), and the checks a reader's
 * eye makes: no two lines overlap, axis labels do not run together, no line is cut short
 * or too small, and the annotations (data-driven labels, dashed rules) stay few.
 */
import { textWidth } from '../../src/report/text-width.js';

type Point = readonly [number, number];

export interface TextBox {
  readonly text: string;
  /** the vega role of the group the text is drawn in, e.g. "axis-label", "mark", "title-text" */
  readonly role: string;
  readonly fontSize: number;
  /** the four corners, in chart pixels: baseline start, baseline end, then back along the descent */
  readonly corners: readonly Point[];
}

/** Affine transform [a, b, c, d, e, f]: x' = a·x + c·y + e, y' = b·x + d·y + f. */
type Affine = readonly [number, number, number, number, number, number];
const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];
const multiply = (m: Affine, n: Affine): Affine => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Affine, [x, y]: Point): Point => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** The translate and rotate steps vega writes, composed left to right. */
function parseTransform(text: string | undefined): Affine {
  let m = IDENTITY;
  for (const [, op, args] of (text ?? '').matchAll(/(translate|rotate)\(([^)]*)\)/g)) {
    const v = args.split(/[\s,]+/).filter(Boolean).map(Number);
    if (op === 'translate') m = multiply(m, [1, 0, 0, 1, v[0] ?? 0, v[1] ?? 0]);
    else {
      const r = ((v[0] ?? 0) * Math.PI) / 180;
      m = multiply(m, [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0]);
    }
  }
  return m;
}

const attribute = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (s: string): string => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

/** Ascent and descent of DejaVu Sans in em: the box a line of text covers around its baseline. */
const ASCENT = 0.76;
const DESCENT = 0.24;

/** Every visible, non-empty text line of a vega SVG. */
export function textBoxes(svg: string): TextBox[] {
  const boxes: TextBox[] = [];
  const stack: { m: Affine; role: string; hidden: boolean }[] = [{ m: IDENTITY, role: '', hidden: false }];
  for (const match of svg.matchAll(/<(\/?)(g|text)\b([^>]*?)(\/?)>([^<]*(?:<tspan[^>]*>[^<]*<\/tspan>)*[^<]*)?/g)) {
    const [, closing, tag, attrs, selfClosing, body] = match;
    const top = stack[stack.length - 1];
    if (tag === 'g') {
      if (closing) stack.pop();
      else if (!selfClosing) {
        const role = /\brole-([\w-]+)/.exec(attribute(attrs, 'class') ?? '')?.[1] ?? top.role;
        stack.push({ m: multiply(top.m, parseTransform(attribute(attrs, 'transform'))), role, hidden: top.hidden || attribute(attrs, 'opacity') === '0' });
      }
      continue;
    }
    if (closing || selfClosing || top.hidden || attribute(attrs, 'opacity') === '0' || attribute(attrs, 'fill-opacity') === '0') continue;
    const m = multiply(top.m, parseTransform(attribute(attrs, 'transform')));
    const fontSize = Number.parseFloat(attribute(attrs, 'font-size') ?? '11');
    const bold = /bold|[6-9]00/.test(attribute(attrs, 'font-weight') ?? '');
    const anchor = attribute(attrs, 'text-anchor') ?? 'start';
    const spans = [...(body ?? '').matchAll(/<tspan([^>]*)>([^<]*)<\/tspan>/g)];
    const lines = spans.length ? spans.map(([, a, t]) => ({ text: t, dy: Number.parseFloat(attribute(a, 'dy') ?? '0') })) : [{ text: body ?? '', dy: 0 }];
    let y = 0;
    for (const line of lines) {
      y += line.dy;
      const text = decode(line.text).trim();
      if (!text) continue;
      const w = textWidth(text, fontSize, bold);
      const x0 = anchor === 'middle' ? -w / 2 : anchor === 'end' ? -w : 0;
      const local: Point[] = [[x0, y - ASCENT * fontSize], [x0 + w, y - ASCENT * fontSize], [x0 + w, y + DESCENT * fontSize], [x0, y + DESCENT * fontSize]];
      boxes.push({ text, role: top.role, fontSize, corners: local.map((p) => apply(m, p)) });
    }
  }
  return boxes;
}

/**
 * How far two convex boxes overlap along the axis that separates them best (separating
 * axis theorem): negative when apart (minus the gap), positive when they overlap.
 */
export function overlapDepth(a: readonly Point[], b: readonly Point[]): number {
  let depth = Infinity;
  for (const poly of [a, b]) {
    for (let i = 0; i < poly.length; i++) {
      const [x1, y1] = poly[i];
      const [x2, y2] = poly[(i + 1) % poly.length];
      const length = Math.hypot(x2 - x1, y2 - y1);
      if (length === 0) continue;
      const axis: Point = [-(y2 - y1) / length, (x2 - x1) / length];
      const project = (p: readonly Point[]) => p.map(([x, y]) => x * axis[0] + y * axis[1]);
      const pa = project(a);
      const pb = project(b);
      depth = Math.min(depth, Math.min(Math.max(...pa), Math.max(...pb)) - Math.max(Math.min(...pa), Math.min(...pb)));
    }
  }
  return depth;
}

/** Axis labels closer than this run together for a reader. */
export const MIN_LABEL_GAP = 3;
/** The smallest text a chart may draw. */
export const MIN_FONT_SIZE = 9;

/** A box lengthened by `pad` at both ends of its baseline: the room a label needs beside its neighbours. */
function padded(corners: readonly Point[], pad: number): Point[] {
  const [[x0, y0], [x1, y1]] = corners;
  const length = Math.hypot(x1 - x0, y1 - y0) || 1;
  const [dx, dy] = [((x1 - x0) / length) * pad, ((y1 - y0) / length) * pad];
  return corners.map(([x, y], i) => (i === 0 || i === 3 ? [x - dx, y - dy] : [x + dx, y + dy]));
}

/** What a reader cannot read in one chart: overlapping lines, crowded or cut axis labels, tiny text. */
export function layoutProblems(svg: string): string[] {
  const boxes = textBoxes(svg);
  const problems: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    if (a.fontSize < MIN_FONT_SIZE) problems.push(`"${a.text}" is set at ${a.fontSize}px`);
    if (a.role === 'axis-label' && a.text.endsWith('…')) problems.push(`axis label "${a.text}" is cut short`);
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j];
      if (overlapDepth(a.corners, b.corners) > 0.5) problems.push(`text "${a.text}" (${a.role}) and "${b.text}" (${b.role}) overlap`);
      // neighbours along the reading direction need a gap: "Y1Y2Y3" overlaps nowhere and reads as one word
      else if (a.role === 'axis-label' && b.role === 'axis-label' && overlapDepth(padded(a.corners, MIN_LABEL_GAP / 2), padded(b.corners, MIN_LABEL_GAP / 2)) > 0) {
        problems.push(`axis labels "${a.text}" and "${b.text}" run together`);
      }
    }
  }
  return problems;
}

/**
 * Annotations a chart draws over its data: labels of text marks and dashed rules, each
 * counted once per position (a rule drawn through two stacked panels is one annotation).
 */
export function annotations(svg: string): { labels: string[]; dashedRules: number } {
  const labels = textBoxes(svg).filter((b) => b.role === 'mark').map((b) => b.text);
  const positions = new Set<string>();
  const stack: Affine[] = [IDENTITY];
  for (const [, closing, tag, attrs, selfClosing] of svg.matchAll(/<(\/?)(g|line|path)\b([^>]*?)(\/?)>/g)) {
    const top = stack[stack.length - 1];
    if (tag === 'g') {
      if (closing) stack.pop();
      else if (!selfClosing) stack.push(multiply(top, parseTransform(attribute(attrs, 'transform'))));
      continue;
    }
    if (closing || !attribute(attrs, 'stroke-dasharray') || attribute(attrs, 'opacity') === '0') continue;
    const [x] = apply(multiply(top, parseTransform(attribute(attrs, 'transform'))), [0, 0]);
    positions.add(x.toFixed(1));
  }
  return { labels, dashedRules: positions.size };
}
