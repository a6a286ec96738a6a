/**
 * The charts, drawn by vega from the compiled specs, their data replaced as rows arrive.
 * Drawing is coalesced to one per animation frame, so a fast run never queues redraws. A
 * chart is embedded when it first has rows (vega warns about empty scales otherwise) and
 * keeps its last drawing until the next run's rows arrive.
 */
interface VegaView {
  data(name: string, values: readonly unknown[]): VegaView;
  runAsync(): Promise<VegaView>;
  finalize(): void;
}
declare const vegaEmbed: (el: HTMLElement, spec: unknown, options: unknown) => Promise<{ view: VegaView }>;

const EMBED_OPTIONS = { renderer: 'svg', mode: 'vega', actions: { export: true, source: false, compiled: false, editor: false } };

export class LiveChart {
  private view: VegaView | null = null;
  private spec: unknown = null;
  private embedded: unknown = null;
  private pending: readonly unknown[] | null = null;
  private frame = 0;
  private drawing: Promise<void> = Promise.resolve();

  constructor(private readonly element: HTMLElement, private readonly dataName: string) {}

  /** Draw with this spec (the level or the difference form) from the next rows on. */
  use(spec: unknown): void {
    this.spec = spec;
  }

  /** Replace the data, drawn at the next animation frame (nothing to draw: the chart stays). */
  set(rows: readonly unknown[]): void {
    this.pending = rows;
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const next = this.pending;
      this.pending = null;
      if (next && next.length > 0) this.drawing = this.drawing.then(() => this.draw(next)).catch((e) => console.error(e));
    });
  }

  /** Remove the drawing (its data no longer match the settings). */
  clear(): void {
    this.pending = null;
    this.drawing = this.drawing.then(() => {
      this.view?.finalize();
      this.view = null;
      this.element.replaceChildren();
    });
  }

  private async draw(rows: readonly unknown[]): Promise<void> {
    if (this.embedded !== this.spec || !this.view) {
      this.view?.finalize();
      const spec = this.spec;
      this.view = (await vegaEmbed(this.element, withValues(spec, this.dataName, rows), EMBED_OPTIONS)).view;
      this.embedded = spec;
      return;
    }
    await this.view.data(this.dataName, rows).runAsync();
  }
}

/** The spec with the named data set's first values inlined (the first drawing has data). */
function withValues(spec: unknown, name: string, rows: readonly unknown[]): unknown {
  const copy = { ...(spec as { data?: { name: string }[] }) };
  copy.data = (copy.data ?? []).map((d) => (d.name === name ? { ...d, values: rows } : d));
  return copy;
}
