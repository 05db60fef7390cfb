import { expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.ts';
import { DROP, T0, uniqueName, world } from './world.ts';

// How often the registrar is asked about a sent application: before the drop hardly (only an early
// FAILED can come), from the drop every pass, and less often the longer a result takes, so a big
// drop day does not ask about thousands of applications every 5 minutes.

const w = await world();
const after = (minutes: number) => new Date(DROP.getTime() + minutes * MINUTE);

it('asks at the drop, then every pass in the first hour, every 15 minutes, then hourly', async () => {
  const customer = await w.customer(1000n);
  const fqdn = uniqueName('slow');
  const id = await w.place(customer, fqdn);
  w.upstream.outcome(fqdn, 'PROCESSING');
  await w.pass(new Date(T0.getTime() + HOUR));
  await w.pass(new Date(DROP.getTime() - 90 * MINUTE));
  const app = (await w.bo(id)).registrarRef!;
  const asked = () => w.upstream.asked.filter((a) => a === app).length;
  const passes = async (minutes: number[]) => {
    const before = asked();
    for (const m of minutes) await w.pass(after(m));
    return asked() - before;
  };

  // Before the drop: an hour after the send, then at the drop.
  expect(await passes([-85, -80, -60, -35, -30, -15])).toBe(1);
  // From the drop: every 5-minute pass.
  expect(await passes([0, 5, 10, 15, 20])).toBe(5);
  // After an hour without a result: every 15 minutes.
  expect(await passes([65, 70, 75, 80, 85, 90, 95])).toBe(3);
  // After 6 hours: hourly.
  expect(await passes([365, 370, 380, 390, 400, 410, 420, 430])).toBe(2);
  expect(await w.bo(id)).toMatchObject({ status: 'PROCESSING', upstreamStatus: 'PROCESSING' });

  w.upstream.outcome(fqdn, 'SUCCESSFUL');
  await w.pass(after(490));
  expect((await w.bo(id)).status).toBe('SUCCESSFUL');
  await w.invariant();
});
