import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PassResult } from '../../src/backorders/lifecycle/pass.ts';
import { mapLimit } from '../../src/backorders/lifecycle/pool.ts';
import { HOUR, MINUTE } from '../../src/clock.ts';
import { type Db, openDb } from '../../src/db/client.ts';
import { migrationNames } from '../../src/db/migrate.ts';
import type { JobResult } from '../../src/jobs/scheduler.ts';
import type { DispatchStats } from '../../src/notify/dispatcher.ts';
import { setPrice } from '../../src/pricing/prices.ts';
import type { SearchResult } from '../../src/search/query.ts';
import { type FileServer, startFileServer } from '../fakes/file-server.ts';
import { type FakeIspapi, startFakeIspapi } from '../fakes/ispapi-server.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';
import { assertLedgerInvariant } from '../helpers/ledger.ts';
import { type Instance, type JobSpan, type Recorded, startInstance } from './instance.ts';

// Three instances of the service on one PostgreSQL database run a scripted day: 1 000 backorders of
// 250 customers on 800 names dropping through the day, every instance running the lifecycle (as its
// job under the database lease, and batch-style passes besides, all at once), the auctions job and
// a dispatch round at every step. Then one instance is killed mid-pass (SIGKILL, stopped at the
// engine's fault hook right after the registrar took an application) and the other two carry on.
// At the end: every application reached the registrar once, every notification was sent once,
// every backorder is where the rules put it, the ledger adds up for every customer.
//
// Child processes, not in-process cores: a SIGKILL is the honest way to lose an instance (its
// connections, its job lease, its claimed sends). What must outlive it stays in this process: the
// registrar (the loopback HEXONET fake, REGISTRAR=ispapi) and the notification record.

const server = process.env.TEST_DATABASE_URL;
const onPostgres = Boolean(server?.startsWith('postgres'));

const T0 = new Date('2027-06-01T00:00:00Z');
const NAMES = 800;
const CUSTOMERS = 250;
const BACKORDERS = 1000;
const PRICE = 1000n; // 10.00 USD
/**
 * drops every 30 minutes from T0 + 2 h 01 to T0 + 21 h 31: the first a minute after the
 * finalization deadline (drop − 2 h) of backorders placed at T0
 */
const dropOf = (n: number) => new Date(T0.getTime() + 2 * HOUR + MINUTE + (n % 40) * 30 * MINUTE);
const nameOf = (n: number) => `scale${String(n).padStart(4, '0')}.com`;
/** backorder j: name j mod 800 (names 0-199 get two), four per customer */
const nameOfBackorder = (j: number) => j % NAMES;
const customerOfBackorder = (j: number) => Math.floor(j / 4);
/** every tenth customer is credited less than one price: low-balance notice, never activated */
const funded = (c: number) => c % 10 !== 9;
/** what the registrar says after the drop: a third of the names go to someone else */
const caught = (n: number) => n % 3 !== 0;
const KILL_STEP = 9;
/** the last drop is at T0 + 21 h 31; the low-balance notice would repeat at T0 + 24 h */
const LAST_STEP = 23;
const stepAt = (s: number) => new Date(T0.getTime() + s * HOUR);

const line = (fqdn: string, at: Date) => `${fqdn};${at.toISOString().slice(0, 19).replace('T', ' ')}`;
const dropList = (names: number[], extra: string[] = []) =>
  `${[...names.map((n) => line(nameOf(n), dropOf(n))), ...extra].join('\n')}\n`;
/** names new to the second import, dropping the next day */
const LATE = [...Array(20).keys()].map((k) => ({
  fqdn: `late${k}.com`,
  at: new Date(T0.getTime() + 30 * HOUR + k * 10 * MINUTE),
}));

const title = onPostgres
  ? 'three instances on one PostgreSQL database'
  : 'three instances on one PostgreSQL database (skipped: runs only when TEST_DATABASE_URL is a postgresql:// server)';

describe.skipIf(!onPostgres)(title, () => {
  let url = '';
  let drop: () => Promise<void> = async () => {};
  let db: Db;
  let fake: FakeIspapi;
  let files: FileServer;
  let instances: Instance[] = [];
  const sent: Recorded[] = [];
  const customerIds: number[] = [];
  const backorderIds: number[] = [];

  const all = <T>(list: Instance[], fn: (i: Instance) => Promise<T>) => Promise.all(list.map(fn));
  const spans = (): JobSpan[] => instances.flatMap((i) => i.spans);

  beforeAll(async () => {
    ({ url, drop } = await freshDatabaseUrl()); // not migrated: the instances do it at start, at once
    fake = await startFakeIspapi();
    files = await startFileServer();
    files.serve('/list.csv', { body: dropList([...Array(NAMES).keys()]), contentType: 'text/csv' });
    const env = {
      DATABASE_URL: url,
      REGISTRAR: 'ispapi',
      ISPAPI_URL: fake.url,
      ISPAPI_ENTITY: fake.entity,
      ISPAPI_LOGIN: fake.login,
      ISPAPI_PASSWORD: fake.password,
      DROPLIST_URL: files.url('/list.csv'),
      START_AT: T0.toISOString(),
    };
    instances = await Promise.all(['A', 'B', 'C'].map((name) => startInstance(name, env, sent)));
    db = await openDb(url);
  }, 300_000);

  afterAll(async () => {
    await Promise.allSettled(
      instances.map(async (i) => {
        if (i.child.exitCode !== null || i.child.signalCode !== null) return;
        await Promise.race([
          i.call({ cmd: 'close' }).catch(() => {}),
          new Promise((r) => setTimeout(r, 10_000)),
        ]);
        if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGKILL');
      }),
    );
    await db?.close();
    await fake?.close();
    await files?.close();
    await drop();
  }, 60_000);

  it('all three migrated the database at once: each migration applied exactly once, every /healthz ok', async () => {
    const rows = await db.prisma.$queryRawUnsafe<Array<{ migration_name: string; n: bigint }>>(
      'SELECT migration_name, COUNT(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL GROUP BY 1 ORDER BY 1',
    );
    expect(rows.map((r) => [r.migration_name, Number(r.n)])).toEqual(
      migrationNames('postgresql').map((m) => [m, 1]),
    );
    for (const i of instances) {
      const res = await fetch(`http://127.0.0.1:${i.port}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', database: 'postgresql', instance: i.name });
    }
  });

  it('the drop-list import runs once, and every instance finds the same names right after it', async () => {
    const results = await all(instances, (i) => i.call<JobResult>({ cmd: 'job', name: 'droplist-import' }));
    // Started at once, so one runs and the others find its lease (one that asks after the winner
    // released the lease would import again, never at the same time: see the last test).
    const ran = results.filter((r) => r.ran);
    expect(ran.length).toBeGreaterThanOrEqual(1);
    expect(ran.every((r) => r.ok)).toBe(true);
    expect(await db.prisma.dropImport.count({ where: { ok: true } })).toBe(ran.length);
    expect(await db.prisma.dropDomain.count()).toBe(NAMES);
    const answers = await all(instances, (i) =>
      i.call<SearchResult>({ cmd: 'search', query: { keyword: 'scale01', sort: 'dropAt', pageSize: 50 } }),
    );
    expect(answers[0]!.total).toBe(100);
    for (const a of answers) expect(a).toEqual(answers[0]);
  });

  it('customers, top-ups and 1 000 backorders arrive at any instance, twice at once where a platform re-delivers', async () => {
    await db.tx((tx) => setPrice(tx, 'com', 'USD', PRICE));
    // Every first contact reaches two instances at the same moment: one customer each.
    const contacts = await mapLimit([...Array(CUSTOMERS).keys()], 8, async (c) => {
      const twice = await Promise.all(
        [instances[c % 3]!, instances[(c + 1) % 3]!].map((i) =>
          i.call<{ id: number; created: boolean }>({
            cmd: 'customer',
            externalId: String(1000 + c),
            name: `Customer ${c}`,
          }),
        ),
      );
      expect(twice[0]!.id).toBe(twice[1]!.id);
      expect(twice.filter((t) => t.created)).toHaveLength(1);
      return twice[0]!.id;
    });
    customerIds.push(...contacts);
    // A payment delivered twice (to two instances at once) is credited once.
    await mapLimit([...Array(CUSTOMERS).keys()], 8, (c) =>
      Promise.all(
        [instances[(c + 2) % 3]!, instances[c % 3]!].map((i) =>
          i.call({
            cmd: 'credit',
            customerId: customerIds[c]!,
            amount: funded(c) ? '40.00' : '5.00',
            currency: 'USD',
            key: `payment:${c}`,
          }),
        ),
      ),
    );
    expect(await db.prisma.ledgerEntry.count()).toBe(CUSTOMERS);
    const placed = await mapLimit([...Array(BACKORDERS).keys()], 12, (j) =>
      instances[j % 3]!.call<number>({
        cmd: 'place',
        customerId: customerIds[customerOfBackorder(j)]!,
        fqdn: nameOf(nameOfBackorder(j)),
      }),
    );
    backorderIds.push(...placed);
    expect(new Set(placed).size).toBe(BACKORDERS);
  }, 600_000);

  /** the registrar's answers once a name has dropped (set before the passes of the step) */
  const settleUpstream = (at: Date) => {
    for (const a of fake.applications.values()) {
      const n = Number(a.domain.slice(5, 9));
      if (a.status !== 'REQUESTED' || dropOf(n).getTime() > at.getTime()) continue;
      a.status = caught(n) ? 'SUCCESSFUL' : 'FAILED';
      if (caught(n))
        fake.domains.set(a.domain, {
          createdDate: '2027-06-01 12:00:00',
          expirationDate: '2028-06-01 12:00:00',
        });
    }
  };

  /** one step of the day on the given instances: lifecycle job + batch pass on each, auctions, dispatch */
  async function step(s: number, on: Instance[]): Promise<{ jobs: JobResult[]; passes: PassResult[] }> {
    const at = stepAt(s);
    await all(on, (i) => i.call({ cmd: 'clock', at: at.toISOString() }));
    settleUpstream(at);
    const [jobs, passes] = await Promise.all([
      all(on, (i) => i.call<JobResult>({ cmd: 'job', name: 'lifecycle' })),
      all(on, (i) => i.call<PassResult>({ cmd: 'pass' })),
      all(on, (i) => i.call<JobResult>({ cmd: 'job', name: 'auctions' })),
    ]);
    await all(on, (i) => i.call<DispatchStats>({ cmd: 'dispatch' }));
    return { jobs, passes };
  }

  it('a scripted day on all three, passes at once; one killed mid-pass, the other two carry on', async () => {
    for (let s = 0; s < KILL_STEP; s++) {
      const { jobs, passes } = await step(s, instances);
      expect(jobs.filter((j) => j.ran).length, `lifecycle job runs at step ${s}`).toBeGreaterThanOrEqual(1);
      expect(jobs.filter((j) => j.ran && !j.ok)).toEqual([]);
      expect(passes.map((p) => p.errors)).toEqual([0, 0, 0]);
    }
    expect(await db.prisma.backorder.count({ where: { status: 'SUCCESSFUL' } })).toBeGreaterThan(0);

    // Instance C runs the lifecycle job and dies right after the registrar accepted an application,
    // before storing it: its job lease and its claimed sends are left behind.
    const [a, b, victim] = instances as [Instance, Instance, Instance];
    const at = stepAt(KILL_STEP);
    await all(instances, (i) => i.call({ cmd: 'clock', at: at.toISOString() }));
    settleUpstream(at);
    const addsBefore = fake.commands().filter((c) => c === 'AddDomainApplication').length;
    await victim.call({ cmd: 'pauseAt', step: 'sent' });
    void victim.call({ cmd: 'job', name: 'lifecycle' }).catch(() => {});
    expect(await victim.paused).toBe('sent');
    victim.child.kill('SIGKILL');
    expect((await victim.exited).signal).toBe('SIGKILL');
    expect(fake.commands().filter((c) => c === 'AddDomainApplication').length).toBeGreaterThan(addsBefore);
    const stranded = await db.prisma.backorder.count({ where: { applicationState: 'SENDING' } });
    expect(stranded).toBeGreaterThan(0);

    // The survivors: the job's lease is the dead instance's until it runs out, batch passes go on.
    const survivors = [a, b];
    const held = await step(KILL_STEP, survivors);
    expect(held.jobs.map((j) => j.ran)).toEqual([false, false]);
    expect(held.passes.map((p) => p.errors)).toEqual([0, 0]);
    for (const i of survivors) expect((await fetch(`http://127.0.0.1:${i.port}/healthz`)).status).toBe(200);

    // An hour on, the lease and the claims have run out: one survivor takes the job over, the
    // stranded sends are found at the registrar instead of being sent again.
    for (let s = KILL_STEP + 1; s <= LAST_STEP; s++) {
      const { jobs, passes } = await step(s, survivors);
      expect(jobs.filter((j) => j.ran).length, `lifecycle job runs at step ${s}`).toBeGreaterThanOrEqual(1);
      expect(jobs.filter((j) => j.ran && !j.ok)).toEqual([]);
      expect(passes.map((p) => p.errors)).toEqual([0, 0]);
    }
    const recovered = await db.prisma.log.count({
      where: { message: { contains: 'after an interrupted send' } },
    });
    expect(recovered).toBeGreaterThan(0);
  }, 1_800_000);

  it('a second import mid-way is seen by the survivors at once', async () => {
    files.serve('/list.csv', {
      body: dropList(
        [...Array(NAMES).keys()],
        LATE.map((l) => line(l.fqdn, l.at)),
      ),
      contentType: 'text/csv',
    });
    const [a, b] = instances as [Instance, Instance];
    const results = await Promise.all(
      [a, b].map((i) => i.call<JobResult>({ cmd: 'job', name: 'droplist-import' })),
    );
    expect(results.filter((r) => r.ran && r.ok).length).toBeGreaterThanOrEqual(1);
    const answers = await Promise.all(
      [a, b].map((i) => i.call<SearchResult>({ cmd: 'search', query: { keyword: 'late', pageSize: 50 } })),
    );
    expect(answers[0]!.items.map((x) => x.fqdn)).toEqual(LATE.map((l) => l.fqdn));
    expect(answers[1]).toEqual(answers[0]);
  });

  it('every application went to the registrar once', async () => {
    const rows = await db.prisma.backorder.findMany({
      select: { id: true, fqdn: true, registrarRef: true, applicationState: true, customerId: true },
    });
    const withRef = rows.filter((r) => r.registrarRef !== null);
    const refs = withRef.map((r) => r.registrarRef!);
    const adds = fake.received.filter((r) => r.command === 'AddDomainApplication');
    const expected = [...Array(BACKORDERS).keys()].filter((j) => funded(customerOfBackorder(j))).length;
    expect(withRef).toHaveLength(expected);
    expect(new Set(refs).size).toBe(expected);
    expect(adds).toHaveLength(expected);
    // every application the registrar holds belongs to exactly one backorder, on its own name
    expect([...fake.applications.keys()].sort()).toEqual([...refs].sort());
    for (const r of withRef) expect(fake.applications.get(r.registrarRef!)!.domain).toBe(r.fqdn);
    expect(rows.filter((r) => r.applicationState === 'SENDING')).toEqual([]);
  });

  it('every backorder ended where the rules put it', async () => {
    const rows = await db.prisma.backorder.findMany({ select: { id: true, status: true } });
    const status = new Map(rows.map((r) => [r.id, r.status]));
    const processing = new Map<number, number>();
    for (let j = 0; j < BACKORDERS; j++) {
      if (funded(customerOfBackorder(j)))
        processing.set(nameOfBackorder(j), (processing.get(nameOfBackorder(j)) ?? 0) + 1);
    }
    const want = (j: number) => {
      const n = nameOfBackorder(j);
      if (!funded(customerOfBackorder(j))) return 'REQUESTED';
      if (!caught(n)) return 'FAILED';
      return processing.get(n) === 1 ? 'SUCCESSFUL' : 'AUCTION-PENDING';
    };
    const wrong = backorderIds
      .map((id, j) => ({ j, id, name: nameOf(nameOfBackorder(j)), is: status.get(id), want: want(j) }))
      .filter((x) => x.is !== x.want);
    expect(wrong).toEqual([]);
  });

  it('every notification was sent once, by whichever instance', async () => {
    const rows = await db.prisma.notification.findMany({
      select: { id: true, status: true, recipient: true, providerMessageId: true },
    });
    expect(rows.length).toBeGreaterThan(BACKORDERS);
    expect(rows.filter((r) => r.status !== 'SENT')).toEqual([]);
    // A resend would leave a recorded message no row points at (or two rows' ids one message each).
    const referenced = new Set(rows.flatMap((r) => r.providerMessageId!.split(',')));
    const recorded = sent.map((m) => m.id);
    expect(new Set(recorded).size).toBe(recorded.length);
    expect([...referenced].sort()).toEqual([...recorded].sort());
    const byId = new Map(sent.map((m) => [m.id, m]));
    for (const r of rows)
      for (const id of r.providerMessageId!.split(',')) expect(byId.get(id)!.recipient).toBe(r.recipient);
    // Delivered by whichever instance claimed first: which of the three got a share is timing (on a
    // busy machine one instance may claim every round), but after C died the survivors sent the rest.
    const senders = new Set(sent.map((m) => m.instance));
    expect([...senders].every((i) => ['A', 'B', 'C'].includes(i))).toBe(true);
    expect(senders.has('A') || senders.has('B')).toBe(true);
    // the short-funded heard of it, once for the day
    const low = await db.prisma.outbox.count({ where: { kind: 'balance.low' } });
    expect(low).toBe([...Array(CUSTOMERS).keys()].filter((c) => !funded(c)).length);
  });

  it('the ledger adds up for every customer', async () => {
    for (const id of customerIds) await assertLedgerInvariant(db, id);
    const captured = await db.prisma.hold.count({ where: { status: 'CAPTURED' } });
    expect(captured).toBe(await db.prisma.backorder.count({ where: { status: 'SUCCESSFUL' } }));
  }, 300_000);

  it('each job ran on one instance at a time', () => {
    const byJob = new Map<string, JobSpan[]>();
    for (const s of spans()) byJob.set(s.job, [...(byJob.get(s.job) ?? []), s]);
    expect([...byJob.keys()].sort()).toEqual(['auctions', 'droplist-import', 'lifecycle']);
    for (const [job, list] of byJob) {
      const sorted = [...list].sort((x, y) => x.from - y.from);
      for (let k = 1; k < sorted.length; k++) {
        const prev = sorted[k - 1]!;
        const cur = sorted[k]!;
        expect(cur.from, `${job}: ${cur.instance} started while ${prev.instance} ran`).toBeGreaterThanOrEqual(
          prev.to,
        );
      }
    }
  });
});
