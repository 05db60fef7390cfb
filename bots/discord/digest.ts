import { type Core, HOUR, layout, type Logger, type NotificationChannel } from '../../src/index.ts';
import type { AlertRules } from './alert-rules.ts';
import { WEBHOOK_RECIPIENT } from './channel.ts';
import { describe, type Filters } from './commands/filters.ts';
import { defaultRule } from './default-rule.ts';
import { count, esc, name, when } from './format.ts';

// After every drop-list import: one digest to the community webhook (the default rule) and one to
// each channel with alert rules (its own rules). Imports happen in whichever process ran them (the
// service's job, or `backorder droplist import` beside it), so the service also looks for imports
// it did not see. A digest is claimed in the database before it is sent: with several instances,
// or a hook and a poll seeing the same import, each destination gets each import's digest once.

/** An instance that starts later still announces an import this recent; older ones are old news. */
const CATCH_UP_WINDOW_MS = 24 * HOUR;
/** Names per rule in a channel digest; the full list is one /drops away. */
const PER_RULE = 25;
/** Names in the webhook digest (the core's largest search page). */
const NOTABLE = 100;
const SEND_ATTEMPTS = 3;

interface Section {
  title: string;
  filters: Filters;
  limit: number;
}

export interface DigestDeps {
  core: Core;
  log: Logger;
  channel: NotificationChannel;
  rules: AlertRules;
  webhook: boolean;
}

export function importDigests(deps: DigestDeps) {
  const { core, log, channel } = deps;

  /** True for the one caller that may send this digest. */
  async function claim(importId: number, recipient: string): Promise<boolean> {
    try {
      await core.db.prisma.processedUpdate.create({
        data: { platform: 'discord', updateId: `digest:${importId}:${recipient}`, at: core.clock.now() },
      });
      return true;
    } catch (e) {
      if ((e as { code?: string }).code === 'P2002') return false;
      throw e;
    }
  }

  async function render(sections: Section[], always: boolean): Promise<string | null> {
    const stats = await core.droplist.stats();
    const lines = [`**Drop list updated**: ${count(stats.total, 'name')} to drop`];
    if (stats.days.length) lines.push(stats.days.map((d) => `${d.date}: ${d.count.toLocaleString('en-US')}`).join(' · '));
    let matched = false;
    for (const s of sections) {
      const found = await core.search.search({ ...s.filters, pageSize: s.limit });
      matched ||= found.total > 0;
      lines.push('', `**${s.title}** (${describe(s.filters)}): ${count(found.total, 'name')}`);
      lines.push(...found.items.map((i) => `${name(i.fqdn)} · ${when(i.dropAt)}`));
      if (found.total > found.items.length) lines.push(`… and ${(found.total - found.items.length).toLocaleString('en-US')} more`);
    }
    return matched || always ? lines.join('\n') : null;
  }

  async function deliver(recipient: string, text: string): Promise<void> {
    for (const message of layout(text, channel.limits, channel.format)) {
      for (let attempt = 1; ; attempt++) {
        const r = await channel.send(recipient, message);
        if (r.ok) break;
        if (!r.retryable || attempt >= SEND_ATTEMPTS) {
          log.error('discord digest not delivered', { recipient, error: r.error });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, r.retryAfterMs ?? 2_000 * attempt));
      }
    }
  }

  async function toWebhook(importId: number): Promise<void> {
    if (!deps.webhook || !(await claim(importId, WEBHOOK_RECIPIENT))) return;
    const rule = await defaultRule(core);
    const sections = rule ? [{ title: 'Notable names', filters: rule, limit: NOTABLE }] : [];
    const text = await render(sections, true);
    if (text) await deliver(WEBHOOK_RECIPIENT, text);
  }

  async function toChannels(importId: number, finishedAt: Date): Promise<void> {
    for (const [channelId, rules] of await deps.rules.byChannel()) {
      // A rule added after the import waits for the next one: adding it is not news of this import.
      const current = rules.filter((r) => r.createdAt <= finishedAt);
      if (current.length === 0 || !(await claim(importId, channelId))) continue;
      const text = await render(
        current.map((r) => ({ title: `#${r.id}${r.name ? ` ${esc(r.name)}` : ''}`, filters: r.filters, limit: PER_RULE })),
        false,
      );
      if (text) await deliver(channelId, text);
    }
  }

  return {
    /** Announces the latest import to every destination that has not had it, if it is recent. */
    async announceLatest(): Promise<void> {
      const last = await core.droplist.lastImport();
      if (!last || core.clock.now().getTime() - last.finishedAt.getTime() > CATCH_UP_WINDOW_MS) return;
      await toWebhook(last.id);
      await toChannels(last.id, last.finishedAt);
    },
  };
}

export type ImportDigests = ReturnType<typeof importDigests>;
