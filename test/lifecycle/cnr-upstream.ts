import { setTimeout as delay } from 'node:timers/promises';
import { afterAll } from 'vitest';
import type { Clock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createRegistrar } from '../../src/registrar/create-registrar.ts';
import type { NewApplication, Registrar, UpstreamAuction } from '../../src/registrar/port.ts';
import { startFakeCnr } from '../fakes/cnr-server.ts';
import {
  countPerReference,
  type Method,
  outcomeScript,
  type Stored,
  type Upstream,
} from './registrar-double.ts';

// The scenarios' registrar played by our real CNR client (REGISTRAR=cnr) against the loopback CNR
// gateway: the script of registrar-double.ts is answered on the wire, a scripted failure is the
// gateway's reply code, a lost reply is a connection dropped after the gateway took the application.
// The gateway does not know our backorder ids, so the client's calls are watched to tell which
// backorder an accepted application belongs to: sends of one name reach the gateway in the order
// they were made (a lease run out can leave two in flight).

const COMMANDS: Record<Method, string> = {
  add: 'AddDomainApplication',
  status: 'StatusDomainApplication',
  find: 'QueryDomainApplicationList',
  delete: 'DeleteDomainApplication',
  domain: 'StatusDomain',
};

/** `YYYY-MM-DD HH:MM:SS`, as CNR writes a date (UTC) */
const cnrDate = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

const onTheWire = (auction: UpstreamAuction | undefined) =>
  auction && {
    url: auction.url,
    endDate: auction.endsAt && cnrDate(auction.endsAt),
    bestBid: auction.bestBid,
  };

export async function cnrUpstream(clock: Clock): Promise<Upstream> {
  const script = outcomeScript(clock);
  const adds: Stored[] = [];
  const deleted: string[] = [];
  const byApplication = new Map<string, Stored>();
  /** the sends in flight per name, oldest first, until the gateway takes each */
  const sending = new Map<string, NewApplication[]>();
  let addMs = 0;

  const fake = await startFakeCnr({
    onApplication(a) {
      const input = sending.get(a.domain)?.shift();
      if (!input) throw new Error(`an application for ${a.domain} arrived that no send of ours made`);
      const stored = { ...input, application: a.application };
      byApplication.set(a.application, stored);
      adds.push(stored);
      fake.domains.set(a.domain, {
        createdDate: '2027-03-03 12:00:00',
        expirationDate: '2028-03-03 12:00:00',
      });
    },
    script(a) {
      const stored = byApplication.get(a.application);
      if (!stored) return undefined;
      const { status, auction, finalizesAt } = script.answer(stored);
      return { status, auction: onTheWire(auction), finalizationDate: finalizesAt && cnrDate(finalizesAt) };
    },
  });
  afterAll(() => fake.close());

  const client = createRegistrar({
    config: loadConfig({
      REGISTRAR: 'cnr',
      CNR_URL: fake.url,
      CNR_LOGIN: fake.login,
      CNR_PASSWORD: fake.password,
      CNR_TIMEOUT_MS: '5000',
    }),
    clock,
    log: silentLogger,
  });

  const registrar: Registrar = {
    ...client,
    async addApplication(input) {
      if (addMs > 0) await delay(addMs);
      const queue = sending.get(input.fqdn) ?? [];
      sending.set(input.fqdn, [...queue, input]);
      try {
        return await client.addApplication(input);
      } finally {
        // a send the gateway never took leaves the queue here
        const left = sending.get(input.fqdn)?.filter((i) => i !== input) ?? [];
        if (left.length) sending.set(input.fqdn, left);
        else sending.delete(input.fqdn);
      }
    },
    async deleteApplication(application) {
      await client.deleteApplication(application);
      deleted.push(application);
    },
  };

  return {
    registrar,
    adds,
    deleted,
    get asked() {
      return fake.received.filter((r) => r.command === COMMANDS.status).map((r) => r.params.APPLICATION!);
    },
    outcome: script.outcome,
    finalizes: script.finalizes,
    failNext(method, ...errors) {
      for (const e of errors) {
        fake.failNext({ code: e.registrarCode, description: e.message }, { command: COMMANDS[method] });
      }
    },
    loseNextReplies(n = 1) {
      fake.failNext({ lostReply: true }, { command: COMMANDS.add, times: n });
    },
    perReference: () => countPerReference(adds),
    slowAdds(ms) {
      addMs = ms;
    },
  };
}
