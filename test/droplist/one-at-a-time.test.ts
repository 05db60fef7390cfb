import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { type Core, createCore } from '../../src/core.ts';
import { type Db, openDb } from '../../src/db/client.ts';
import type { DropListSource } from '../../src/droplist/source.ts';
import { ImportBusy } from '../../src/errors.ts';
import { jobDefinitions } from '../../src/jobs/definitions.ts';
import { silentLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/prometheus.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import { freshDb } from '../helpers/db.ts';
import { csvRow, storedList } from './helpers.ts';

// Two processes of the service on one database (two clients): an import started by hand (CLI,
// Slack) while another runs anywhere is refused with a reason, and the scheduled job skips its turn.

const T0 = new Date('2026-12-01T00:00:00Z');
const DROP = new Date('2026-12-03T12:00:00Z');
let dbA: Db;
let dbB: Db;
let a: Core;
let b: Core;

function coreOn(db: Db): Core {
  const config = loadConfig({ DATABASE_URL: db.url });
  const clock = fixedClock(T0);
  const registrar = createRegistrar({ config, clock, log: silentLogger });
  return createCore({ config, db, clock, log: silentLogger, metrics: createMetrics(), registrar });
}

/** a list whose reading waits until `release()`: an import held open mid-download */
function heldSource(names: string[]) {
  let release!: () => void;
  let started!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const reading = new Promise<void>((r) => {
    started = r;
  });
  const source: DropListSource = {
    name: 'slow list',
    open: async () =>
      (async function* () {
        yield ['domain;drop_date'];
        started();
        await gate;
        for (const n of names) yield [csvRow(n, DROP)];
      })(),
  };
  return { source, release, reading };
}

const plain = (names: string[]): DropListSource => ({
  name: 'quick list',
  open: async () =>
    (async function* () {
      for (const n of names) yield [csvRow(n, DROP)];
    })(),
});

beforeAll(async () => {
  dbA = await freshDb();
  dbB = await openDb(dbA.url);
  a = coreOn(dbA);
  b = coreOn(dbB);
});
afterAll(async () => {
  await dbB?.close();
});

describe('one drop-list import at a time, over all processes', () => {
  it('a second import while one runs is refused with when the first started; the first completes', async () => {
    const held = heldSource(['first.com', 'second.com']);
    const running = a.droplist.import(held.source);
    await held.reading;
    const refused = b.droplist.import(plain(['other.com']));
    await expect(refused).rejects.toBeInstanceOf(ImportBusy);
    await expect(refused).rejects.toThrow(
      /a drop-list import is already running \(started 2026-12-01 00:00:00 UTC\)/,
    );
    held.release();
    expect(await running).toMatchObject({ added: 2, total: 2 });
    expect([...(await storedList(dbA)).keys()].sort()).toEqual(['first.com', 'second.com']);
  });

  it('once it is done (or failed), the next import runs', async () => {
    expect(await b.droplist.import(plain(['other.com']))).toMatchObject({ total: 1 });
    const broken: DropListSource = {
      name: 'broken list',
      open: async () => {
        throw new Error('connection refused');
      },
    };
    await expect(a.droplist.import(broken)).rejects.toThrow(/connection refused/);
    expect(await a.droplist.import(plain(['again.com']))).toMatchObject({ total: 1 });
  });

  it('the scheduled import skips its turn while one started by hand runs', async () => {
    const held = heldSource(['held.com']);
    const running = a.droplist.import(held.source);
    await held.reading;
    const job = jobDefinitions(b).find((j) => j.name === 'droplist-import')!;
    expect(await job.run(T0)).toMatch(/^skipped: a drop-list import is already running/);
    held.release();
    expect(await running).toMatchObject({ total: 1 });
  });
});
