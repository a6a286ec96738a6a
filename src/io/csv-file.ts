/**
 * A CSV file written row by row (aggregate.csv of a big grid does not fit in one string)
 * to a temporary sibling that is renamed into place on close: readers never see half a
 * file. Header and rows go through io/csv.ts's csvLine, like every CSV the tool writes.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { tempSibling } from './atomic.js';
import { csvLine } from './csv.js';

export class CsvFile {
  private readonly tmp: string;
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly target: string, header: readonly string[]) {
    mkdirSync(dirname(target), { recursive: true });
    // An atomic.ts temporary, so store.removeTempFiles clears leftovers of a kill.
    this.tmp = tempSibling(target, 'tmp');
    this.fd = openSync(this.tmp, 'w');
    this.line(csvLine(header));
  }

  private line(text: string): void {
    this.buffer.push(text);
    this.size += text.length + 1;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join('\n') + '\n');
    this.buffer = [];
    this.size = 0;
  }

  row(values: readonly (string | number)[]): void {
    this.line(csvLine(values));
  }

  close(): void {
    try {
      this.flush();
      closeSync(this.fd);
      renameSync(this.tmp, this.target);
    } catch (e) {
      rmSync(this.tmp, { force: true });
      throw e;
    }
  }

  abort(): void {
    try { closeSync(this.fd); } catch { /* already closed */ }
    rmSync(this.tmp, { force: true });
  }
}
