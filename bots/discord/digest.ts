import { type Core, HOUR, type Logger, layout, type NotificationChannel } from '../../src/index.ts';
import type { AlertRules } from './alert-rules.ts';
import { describe, type Filters } from './commands/filters.ts';
import { defaultRule } from './default-rule.ts';
import { count, esc, name, when } from './format.ts';

// After every drop-list import: the community digest (list size per drop day, the default rule's
// notable names) goes into the outbox as `community.droplist`, and the dispatcher delivers it to
// the webhook and every alert channel with its template; each channel with alert rules also gets
// the matches of its own rules, sent from here. Imports happen in whichever process ran them (the
// service's job, or `backorder droplist import` beside it), so the service also looks for imports
// it did not see. Both are once per import: the outbox event by its dedupe key, a channel digest
// by a claim in the database taken before it is sent (several instances, or a hook and a poll
// seeing the same import, send it once).

/** An instance that starts later still announces an import this recent; older ones are old news. */
const CATCH_UP_WINDOW_MS = 24 * HOUR;
/** Names in the community digest: the highlights, not the list. */
const NOTABLE = 50;
/** Names per rule in a channel digest; the full list is one /drops away. */
const PER_RULE = 25;
const SEND_ATTEMPTS = 3;

export interface DigestDeps {
  core: Core;
  log: Logger;
  channel: NotificationChannel;
  rules: AlertRules;
}

export function importDigests(deps: DigestDeps) {
  const { core, log, channel } = deps;

  async function communityDigest(importId: number): Promise<void> {
    const stats = await core.droplist.stats();
    const rule = await defaultRule(core);
    const notable = rule ? (await core.search.search({ ...rule, pageSize: NOTABLE })).items : [];
    await core.outbox.enqueue({
      kind: 'community.droplist',
      audience: 'COMMUNITY',
      payload: {
        importId,
        total: stats.total,
        days: stats.days,
        notable: notable.map((i) => ({ fqdn: i.fqdn, dropAt: i.dropAt.toISOString() })),
      },
      dedupeKey: `community.droplist:${importId}`,
    });
  }

  /** True for the one caller that may send this channel's digest of this import. */
  const claim = (importId: number, channelId: string) =>
    core.once.claim('discord', `digest:${importId}:${channelId}`);

  /** The rules' matches, or null when none of them matches anything (no news is no message). */
  async function render(rules: Array<{ title: string; filters: Filters }>): Promise<string | null> {
    const lines = ['**Your alert rules** after the drop-list update'];
    let matched = false;
    for (const r of rules) {
      const found = await core.search.search({ ...r.filters, pageSize: PER_RULE });
      matched ||= found.total > 0;
      lines.push('', `**${r.title}** (${describe(r.filters)}): ${count(found.total, 'name')}`);
      lines.push(...found.items.map((i) => `${name(i.fqdn)} · ${when(i.dropAt)}`));
      if (found.total > found.items.length)
        lines.push(`… and ${(found.total - found.items.length).toLocaleString('en-US')} more`);
    }
    return matched ? lines.join('\n') : null;
  }

  async function deliver(recipient: string, text: string): Promise<void> {
    for (const message of layout(text, channel.limits, channel.format)) {
      for (let attempt = 1; ; attempt++) {
        const r = await channel.send(recipient, message);
        if (r.ok) break;
        if (!r.retryable || attempt >= SEND_ATTEMPTS) {
          log.error('discord alert digest not delivered', { recipient, error: r.error });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, r.retryAfterMs ?? 2_000 * attempt));
      }
    }
  }

  async function channelDigests(importId: number, finishedAt: Date): Promise<void> {
    for (const [channelId, rules] of await deps.rules.byChannel()) {
      // A rule added after the import waits for the next one: adding it is not news of this import.
      const current = rules.filter((r) => r.createdAt <= finishedAt);
      if (current.length === 0 || !(await claim(importId, channelId))) continue;
      const text = await render(
        current.map((r) => ({ title: `#${r.id}${r.name ? ` ${esc(r.name)}` : ''}`, filters: r.filters })),
      );
      if (text) await deliver(channelId, text);
    }
  }

  /** The import this instance has announced everywhere, so a poll costs one query until the next. */
  let announced: number | undefined;

  return {
    /** Announces the latest import wherever it has not been announced yet, if it is recent. */
    async announceLatest(): Promise<void> {
      const last = await core.droplist.lastImport();
      if (!last || last.id === announced) return;
      if (core.clock.now().getTime() - last.finishedAt.getTime() > CATCH_UP_WINDOW_MS) return;
      await communityDigest(last.id);
      await channelDigests(last.id, last.finishedAt);
      announced = last.id;
    },
  };
}

export type ImportDigests = ReturnType<typeof importDigests>;
