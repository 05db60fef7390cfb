import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { STATUSES, type Status, utcText } from '../../../src/index.ts';
import { linkedCustomer } from '../account.ts';
import { money, name as shown } from '../format.ts';
import { parseOptions, type SlashCommand } from './command.ts';

// /mybackorders [status] [page] for a linked member: their own backorders only, newest first, a
// page at a time (PAGE lines stay far inside one embed), with kind (Lite marked), status, drop time
// (UTC), price, and the finalization deadline while it can still be cancelled.
// The details, cancelling and auctions are in the Telegram bot.

export const PAGE = 10;

const schema = z
  .object({ status: z.enum(STATUSES).optional(), page: z.number().int().min(1).max(100_000).optional() })
  .strict();

export const mybackorders: SlashCommand = {
  definition: new SlashCommandBuilder()
    .setName('mybackorders')
    .setDescription('Your backorders (linked customer account)')
    .addStringOption((o) =>
      o
        .setName('status')
        .setDescription('only backorders with this status')
        .addChoices(STATUSES.map((s) => ({ name: s.toLowerCase().replace('-', ' '), value: s }))),
    )
    .addIntegerOption((o) =>
      o.setName('page').setDescription('page number').setMinValue(1).setMaxValue(100_000),
    )
    .toJSON(),
  ephemeral: true,
  async run(invocation, core) {
    const { status, page = 1 } = parseOptions(schema, invocation.options);
    const { customer } = await linkedCustomer(invocation, core);
    const i18n = core.notify.i18n;
    const label = (s: string) => i18n.t('en', `status-${s}`);
    const list = await core.backorders.list({
      customerId: customer.id,
      ...(status ? { status } : {}),
      page,
      pageSize: PAGE,
    });
    const all = Object.values(list.counts).reduce((a, b) => a + b, 0);
    if (all === 0) return 'You have no backorders yet. Place one with `/backorder name:example.com`.';
    const scope = status ? label(status) : 'all';
    if (list.total === 0) return `You have no backorders with the status “${scope}”.`;
    const pages = Math.max(1, Math.ceil(list.total / PAGE));
    if (list.items.length === 0) return `There is no page ${page}: your ${scope} backorders fill ${pages}.`;
    const counts = (STATUSES as readonly Status[])
      .filter((s) => (list.counts[s] ?? 0) > 0)
      .map((s) => `${label(s)} ${list.counts[s]}`)
      .join(' · ');
    const lines = [
      `📋 **Your backorders** · ${scope}: ${list.total} · page ${page} of ${pages}`,
      `(${counts}; drop times in UTC)`,
      '',
      ...list.items.map(
        (b) =>
          `#${b.id} **${shown(b.fqdn)}**${b.kind === 'lite' ? ' · Lite' : ''} · ${label(b.status)} · ${b.dropAt ? utcText(b.dropAt) : 'drop not known yet'} · ${money(b.price, b.currency)}${
            b.finalizesAt && (b.status === 'REQUESTED' || b.status === 'ACTIVE')
              ? ` · cancellable until ${utcText(b.finalizesAt)}`
              : ''
          }`,
      ),
    ];
    if (page < pages)
      lines.push('', `More: \`/mybackorders${status ? ` status:${status}` : ''} page:${page + 1}\``);
    return lines.join('\n');
  },
};
