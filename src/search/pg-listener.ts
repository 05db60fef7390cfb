import pg from 'pg';
import { LIST_CHANNEL, parseListPayload } from '../droplist/pg-list-channel.ts';
import type { Logger } from '../log.ts';
import type { Watching } from './list-source.ts';

// A dedicated connection that LISTENs for the importer's word (pg-list-channel.ts). A notification
// reaches only a connection listening when it is sent, so after each (re)connection `connected` is
// called: whatever happened meanwhile, the caller checks the version itself.

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

export interface ListHandlers {
  next(table: number): void;
  listed(table: number): void;
  connected(): void;
}

export function listenForLists(url: string, log: Logger | undefined, on: ListHandlers): Watching {
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wait = RETRY_MIN_MS;

  const retry = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, wait);
    timer.unref();
    wait = Math.min(wait * 2, RETRY_MAX_MS);
  };

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: url });
    client = c;
    const lost = (error?: unknown) => {
      if (client !== c) return;
      client = undefined;
      c.end().catch(() => undefined);
      if (!stopped) log?.warn('drop-list listener lost its connection; reconnecting', { error });
      retry();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (m) => {
      const event = m.channel === LIST_CHANNEL ? parseListPayload(m.payload) : undefined;
      if (event) on[event.kind](event.table);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${LIST_CHANNEL}`);
    } catch (error) {
      lost(error);
      return;
    }
    if (stopped) return;
    wait = RETRY_MIN_MS;
    on.connected();
  }

  return {
    ready: connect(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
