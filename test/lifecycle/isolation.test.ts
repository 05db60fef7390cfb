import { expect, it } from 'vitest';
import { HOUR } from '../../src/clock.ts';
import { T0, uniqueName, world } from './world.ts';

// One bad backorder must not hold back the others committed with it: its chunk is retried one by
// one, the bad one is logged (with its name) and counted, and the rest go ahead.

const w = await world();

it('a backorder that cannot be activated is logged and skipped; the rest of its chunk is activated', async () => {
  const good = await w.customer(5000n);
  const odd = await w.customer(5000n);
  const fine = await w.place(good, uniqueName('fine'));
  const fqdn = uniqueName('odd');
  const broken = await w.place(odd, fqdn);
  // A hand-edited customer whose currency no longer matches the backorder's.
  await w.db.prisma.customer.update({ where: { id: odd }, data: { currency: 'EUR' } });
  expect(await w.pass(new Date(T0.getTime() + HOUR))).toMatchObject({ activated: 1, errors: 1 });
  expect((await w.bo(fine)).status).toBe('ACTIVE');
  expect(await w.bo(broken)).toMatchObject({ status: 'REQUESTED', hold: null });
  const [log] = await w.db.prisma.log.findMany({ where: { backorderId: broken, level: 'error' } });
  expect(log).toMatchObject({
    job: 'lifecycle',
    fqdn,
    message: expect.stringMatching(/pays in EUR, not USD/),
  });
});
