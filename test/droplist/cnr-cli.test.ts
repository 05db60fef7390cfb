import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeCnr, startFakeCnr } from '../fakes/cnr-server.ts';
import { runBackorder } from '../helpers/cli.ts';
import { freshDatabaseUrl } from '../helpers/db.ts';

// `backorder droplist import --source cnr` in a child process, against the loopback CNR gateway, on
// its own database. Drop times are far ahead: the CLI runs on the system clock.

let url: string;
let fake: FakeCnr;

beforeAll(async () => {
  const fresh = await freshDatabaseUrl();
  url = fresh.url;
  fake = await startFakeCnr();
  afterAll(async () => {
    await fake.close();
    await fresh.drop();
  });
});

const backorder = (args: string[], env: Record<string, string> = {}) =>
  runBackorder(
    args,
    {
      DATABASE_URL: url,
      DROPLIST_URL: '',
      DROPLIST_SOURCE: '',
      REGISTRAR: 'sandbox',
      CNR_URL: fake.url,
      CNR_LOGIN: fake.login,
      CNR_PASSWORD: fake.password,
      ...env,
    },
    60_000,
  );

const stats = async () => JSON.parse((await backorder(['droplist', 'stats', '--json'])).out).total as number;

// Each run starts Node, tsx and a migration check: seconds each on a busy machine.
describe('backorder droplist import --source cnr (child process)', { timeout: 180_000 }, () => {
  it('imports the priced zones from CNR and says what it did', async () => {
    fake.pendingDeletes.push(
      { domain: 'alpha.com', finalizationDate: '2099-01-01 17:00:00' },
      { domain: 'beta.com', finalizationDate: '2099-01-02 17:00:00' },
      { domain: 'gamma.de', finalizationDate: '2099-01-02 08:00:00' },
      { domain: 'undated.com' },
    );
    expect((await backorder(['pricing', 'set', 'com', 'USD', '12.50'])).code).toBe(0);
    const r = await backorder(['droplist', 'import', '--source', 'cnr', '--json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      added: 2,
      rejected: 1,
      total: 2,
      source: 'CNR QueryDomainPendingDeleteList (priced zones)',
    });
    expect(fake.commands().at(-1)).toBe('StopSession');
    expect(fake.sessions.size).toBe(0);
  });

  it('takes every zone with --all-zones, and by default with DROPLIST_SOURCE=cnr', async () => {
    const r = await backorder(['droplist', 'import', '--all-zones'], { DROPLIST_SOURCE: 'cnr' });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /from CNR QueryDomainPendingDeleteList \(all zones\)\nadded 1, updated 0, removed 0, rejected 1, total 3/,
    );
  });

  it('exits 1 when CNR fails and keeps the stored list', async () => {
    fake.failNext(
      { code: 421, description: 'Command failed due to server error' },
      { command: 'QueryDomainPendingDeleteList' },
    );
    const r = await backorder(['droplist', 'import', '--source', 'cnr', '--all-zones']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/QueryDomainPendingDeleteList, page 1 \(rows from 0\).*421/);
    expect(await stats()).toBe(3);
  });

  it.each([
    [['--source', 'ftp'], {}, /--source must be url or cnr/],
    [['--source', 'cnr', '--url', 'https://example.com/list.zip'], {}, /one of --file, --url and --source/],
    [['--all-zones'], {}, /--all-zones only applies to the list from CNR/],
    [['--source', 'cnr'], { CNR_LOGIN: '', CNR_PASSWORD: '' }, /needs CNR_LOGIN and CNR_PASSWORD/],
    [[], { DROPLIST_SOURCE: 'cnr', CNR_PASSWORD: '' }, /CNR_PASSWORD is required when DROPLIST_SOURCE=cnr/],
  ] as const)('exits 2 on %j', async (args, env, message) => {
    const r = await backorder(['droplist', 'import', ...args], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
