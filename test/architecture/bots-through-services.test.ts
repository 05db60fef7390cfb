import { describe, expect, it } from 'vitest';
import { offending, type Source, sourcesUnder } from './sources.ts';

// The bots use the core's services only: the database (Prisma, the generated client, src/db) is the
// core's business, so a bot cannot skip a rule, an audit row or a transaction that a service keeps.

const DATABASE_MODULE = /^(@prisma\/|src\/generated\/|src\/db\/)/;
/** a reach into the core's database handle, e.g. `core.db.prisma.identity`, `ctx.core.db` */
const DATABASE_REACH = /\.db\.prisma\b|\bcore\.db\b|\.prisma\.\w+\./;

const reaches = (sources: Source[]) =>
  sources.flatMap((s) =>
    s.text
      .split('\n')
      .map((line, i) => ({ line, at: `${s.path}:${i + 1}` }))
      .filter(({ line }) => DATABASE_REACH.test(line))
      .map(({ at, line }) => `${at}: ${line.trim()}`),
  );

describe('bots go through the services', () => {
  const bots = sourcesUnder('bots');

  it('import nothing of the database', () => {
    expect(offending(bots, (m) => DATABASE_MODULE.test(m))).toEqual([]);
  });

  it("never reach the core's database handle", () => {
    expect(reaches(bots)).toEqual([]);
  });

  it('the checks see database access where there is some (the core itself)', () => {
    expect(reaches(sourcesUnder('src')).length).toBeGreaterThan(0);
    expect(offending(sourcesUnder('src'), (m) => DATABASE_MODULE.test(m)).length).toBeGreaterThan(0);
  });
});
