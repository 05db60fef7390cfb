import type { Columns } from './columns.ts';

// Where the search's memory index gets the drop list from, one implementation per database: the
// live list's version (cheap, asked before every answer), the list itself as columns, and, where the
// database can say so, word of lists about to go live or gone live.

export interface LoadedList {
  /** the version the rows belong to, as version() says it once they are live */
  version: string;
  columns: Columns;
}

export interface ListWatcher {
  /** A new list is complete and about to go live; `load` reads it (undefined if it is gone). */
  next(load: () => Promise<LoadedList | undefined>): void;
  /** The live list may have changed (a swap, or word missed while not listening). */
  changed(): void;
}

export interface Watching {
  /** settles once the first attempt to listen has succeeded or failed */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface ListSource {
  version(): Promise<string>;
  load(): Promise<LoadedList>;
  /** Starts telling `watcher`. Absent where nothing can be heard. */
  watch?(watcher: ListWatcher): Watching;
}
