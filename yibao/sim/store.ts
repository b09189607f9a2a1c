/**
 * Where the simulated bureau keeps what it must not forget across restarts: one JSON snapshot, replaced
 * atomically (written to a temporary file, fsynced, renamed over the old one), so a crash leaves either the
 * previous snapshot or the new one, never half of one. The state is small (filings, today's sign-ins, a
 * day of msgids), so rewriting it whole is cheap, needs no native module or database, and stays readable.
 */
import fs from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export interface SimulatorStore {
  /** Where the state is kept, for messages. */
  readonly location: string;
  /** The last snapshot saved, or undefined when there is none. */
  load(): unknown;
  save(snapshot: unknown): void;
}

export class JsonFileStore implements SimulatorStore {
  constructor(readonly location: string) {}

  load(): unknown {
    let text: string;
    try {
      text = fs.readFileSync(this.location, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return JSON.parse(text) as unknown;
  }

  save(snapshot: unknown): void {
    fs.mkdirSync(path.dirname(this.location), { recursive: true });
    writeFileAtomic.sync(this.location, JSON.stringify(snapshot));
  }
}
