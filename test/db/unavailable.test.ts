import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, onceReachable } from '../../src/db/unavailable.ts';
import { DatabaseUnavailable, DomainError, forUser } from '../../src/errors.ts';

// The shapes below are what Prisma 7's PostgreSQL adapter threw when the chaos runner stopped the
// server (`npm run chaos`, the database scenario): on a pooled connection the server closed, and on
// a new connection to a server that is gone.
const closedByServer = Object.assign(new Error('Database error. Code: `57P01`.'), {
  code: 'P2039',
  meta: {
    driverAdapterError: {
      name: 'DriverAdapterError',
      cause: { originalCode: '57P01', kind: 'postgres', code: '57P01', severity: 'FATAL' },
    },
  },
});
const unreachable = Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
  code: 'P1001',
  meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 } } },
});

describe('a database that cannot be reached', () => {
  it('is told apart from every other error', () => {
    expect(isDatabaseUnavailable(closedByServer)).toBe(true);
    expect(isDatabaseUnavailable(unreachable)).toBe(true);
    expect(
      isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('unique'), { code: 'P2002' }))).toBe(false);
    expect(isDatabaseUnavailable(new DomainError('NOT_FOUND', 'customer 7 not found'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('is worded for people as DATABASE_UNAVAILABLE; other errors are left as they are', () => {
    expect(forUser(unreachable)).toBeInstanceOf(DatabaseUnavailable);
    const other = new TypeError('a bug');
    expect(forUser(other)).toBe(other);
  });

  it('onceReachable waits an outage out, and gives up at once on anything else', async () => {
    let calls = 0;
    const written = await onceReachable(async () => {
      calls++;
      if (calls < 3) throw closedByServer;
      return 'recorded';
    });
    expect({ written, calls }).toEqual({ written: 'recorded', calls: 3 });
    let bug = 0;
    await expect(
      onceReachable(async () => {
        bug++;
        throw new TypeError('a bug');
      }),
    ).rejects.toThrow('a bug');
    expect(bug).toBe(1);
  });
});
