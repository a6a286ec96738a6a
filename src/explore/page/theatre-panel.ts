/**
 * The theatre panel: profit by the number of firms running programs for the current
 * settings, computed by a second worker after each run and drawn profile by profile.
 * Its state shows on body data-theatre (waiting, running, done, error) for scripts.
 */
import type { Scenario } from '../../model/schema.js';
import type { Levers } from '../levers.js';
import type { FromWorker, TheatreProfile } from '../protocol.js';
import { LiveChart } from './live-charts.js';
import { SimulationWorker } from './runner.js';

export type TheatreRow = { adopters: number; firm: string; role: string } & TheatreProfile['firms'][number];

export class TheatrePanel {
  private rowsSoFar: TheatreRow[] = [];
  private id = 0;
  private profiles = 0;
  private readonly worker: SimulationWorker;

  constructor(workerUrl: string, private readonly chart: LiveChart, private readonly status: HTMLElement, private readonly nextId: () => number) {
    this.worker = new SimulationWorker(workerUrl, (m) => this.onMessage(m));
  }

  get rows(): readonly TheatreRow[] {
    return this.rowsSoFar;
  }

  /** Has it started for the current settings? */
  get started(): boolean {
    return this.id !== 0;
  }

  /** New settings: stop, clear, wait for the run. */
  reset(): void {
    this.worker.cancel();
    this.id = 0;
    this.chart.clear();
    this.show('waiting', 'waits for the run to finish');
  }

  start(base: Scenario, levers: Levers): void {
    this.id = this.nextId();
    this.rowsSoFar = [];
    this.profiles = levers.firms.length + 1;
    this.show('running', 'computing the profiles…');
    this.worker.start({ kind: 'theatre', id: this.id, base, levers });
  }

  private show(state: string, text: string): void {
    document.body.dataset.theatre = state;
    this.status.textContent = text;
  }

  private onMessage(m: FromWorker): void {
    if (m.id !== this.id) return;
    if (m.kind === 'theatre-profile') {
      const { adopters } = m.profile;
      this.rowsSoFar = this.rowsSoFar.concat(m.profile.firms.map((f) => ({ ...f, firm: f.name, adopters, role: f.adopter ? 'program' : 'no program' })));
      this.chart.set(this.rowsSoFar);
      this.show('running', `${this.rowsSoFar.length / (this.profiles - 1)} of ${this.profiles} profiles computed…`);
    } else if (m.kind === 'theatre-done') {
      this.show('done', '');
    } else if (m.kind === 'error') {
      this.show('error', `theatre panel: ${m.message}`);
    } else if (m.kind === 'problems') {
      this.show('error', 'theatre panel: the settings were refused');
    }
  }
}
