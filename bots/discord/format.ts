import { type APIEmbed, MessageFlags } from 'discord.js';
import { displayName, ESCAPE, formatMoney, layout, type OutgoingMessage } from '../../src/index.ts';
import { DISCORD_CHANNEL } from './channel-spec.ts';

// How the Discord adapter writes: Discord markdown in embed descriptions. Every value that comes
// from data (names, zones, rule names, user input) goes through `esc`, so markdown, masked links and
// @everyone in a drop list or an option stay plain text; no message ever lets Discord parse mentions.

export const esc = ESCAPE.markdown;

/** A drop-list name as people read it (Unicode for IDN), escaped. */
export const name = (fqdn: string) => esc(displayName(fqdn));

/** Discord shows `<t:…:f>` in each reader's own time zone and language. */
export const when = (at: Date | string) => `<t:${Math.floor(new Date(at).getTime() / 1000)}:f>`;

export const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** No data may ping anyone: mentions are never parsed, whatever the text contains. */
export const NO_MENTIONS = { parse: [] as [] };

const COLOR = 0x2b6cb0;

export const embedsOf = (message: OutgoingMessage): APIEmbed[] =>
  message.blocks.map((description) => ({ description, color: COLOR }));

/** One reply: markdown text, cut into as many messages as Discord's embed limits need. */
export interface Reply {
  text: string;
  ephemeral: boolean;
}

export interface MessageBody {
  embeds: APIEmbed[];
  allowed_mentions: typeof NO_MENTIONS;
  flags?: number;
}

/** At least one message: the first answers the interaction, the others follow it. */
export function messagesOf(reply: Reply): [MessageBody, ...MessageBody[]] {
  const [first, ...more] = layout(reply.text, DISCORD_CHANNEL.limits, DISCORD_CHANNEL.format).map((m) => ({
    embeds: embedsOf(m),
    allowed_mentions: NO_MENTIONS,
    ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  }));
  if (!first) throw new Error('a reply needs text');
  return [first, ...more];
}

/** An amount as members read it: `12.50 USD`. */
export const money = formatMoney;
