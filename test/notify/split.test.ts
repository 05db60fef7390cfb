import { describe, expect, it } from 'vitest';
import { DISCORD_CHANNEL } from '../../bots/discord/channel-spec.ts';
import { SLACK_CHANNEL } from '../../bots/slack/channel-spec.ts';
import { TELEGRAM_CHANNEL } from '../../bots/telegram/channel-spec.ts';
import type { ChannelLimits, Format } from '../../src/notify/channel.ts';
import { layout, merge, splitText } from '../../src/notify/split.ts';
import { parseTelegramHtml } from '../fakes/telegram-api.ts';

const TELEGRAM_LIMITS = TELEGRAM_CHANNEL.limits;
const SLACK_LIMITS = SLACK_CHANNEL.limits;
const DISCORD_EMBED_LIMITS = DISCORD_CHANNEL.limits;
/** Discord's plain message content, without embeds */
const DISCORD_LIMITS: ChannelLimits = { maxChars: 2000, perDestination: { count: 5, perMs: 2000 } };

const lines = (n: number, make: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => make(i)).join('\n');

/** what the reader sees of a piece: markup re-opened or closed at a cut removed */
const stripHtml = (s: string) => s.replace(/<[^>]+>/g, '');

describe('splitting at every platform limit', () => {
  const cases: Array<[string, ChannelLimits, Format]> = [
    ['Telegram 4096', TELEGRAM_LIMITS, 'html'],
    ['Discord content 2000', DISCORD_LIMITS, 'markdown'],
    ['Discord embeds 4096 / 6000 / 10', DISCORD_EMBED_LIMITS, 'markdown'],
    ['Slack sections 3000 / 50 blocks', SLACK_LIMITS, 'mrkdwn'],
  ];
  for (const [name, limits, format] of cases) {
    it(`${name}: every message and block within the limits, cut only at line ends, nothing lost`, () => {
      // ~ 200 000 characters: more than one message even on Slack (50 × 3000)
      const text = lines(4000, (i) => `line ${i}: ${'x'.repeat(i % 70)}`);
      const messages = layout(text, limits, format);
      expect(messages.length).toBeGreaterThan(1);
      for (const m of messages) {
        expect(m.text.length).toBeLessThanOrEqual(limits.maxChars);
        if (limits.blocks) {
          expect(m.blocks.length).toBeLessThanOrEqual(limits.blocks.maxBlocks);
          for (const b of m.blocks) expect(b.length).toBeLessThanOrEqual(limits.blocks.maxChars);
        }
      }
      const back = messages.flatMap((m) => m.blocks).join('\n');
      expect(back).toBe(text);
    });
  }

  it('fills messages close to the limit', () => {
    const text = lines(2000, (i) => `${i} ${'y'.repeat(40)}`);
    const pieces = splitText(text, 4096, 'html');
    for (const p of pieces.slice(0, -1)) expect(p.length).toBeGreaterThan(4096 - 60);
  });

  it('a text within the limit stays one piece, trailing space trimmed', () => {
    expect(splitText('hello\nworld\n\n', 4096, 'html')).toEqual(['hello\nworld']);
    expect(splitText('  \n ', 4096, 'html')).toEqual([]);
  });
});

describe('cutting inside a line', () => {
  it('cuts a line without line breaks at a space', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitText(text, 2000, 'markdown');
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect(p).toMatch(/^word\d+.*word\d+$/s);
    }
    expect(pieces.join(' ')).toBe(text);
  });

  it('never cuts inside an HTML entity or tag, and keeps Telegram HTML valid in every piece', () => {
    // one endless line, bold across everything, entities everywhere
    const text = `<b>${'&amp;&lt;x&gt;'.repeat(2000)}</b> <a href="https://e.example/?a=1&amp;b=2">link</a>`;
    const pieces = splitText(text, 4096, 'html');
    expect(pieces.length).toBeGreaterThan(5);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(parseTelegramHtml(p)).not.toHaveProperty('error');
      expect(p).not.toMatch(/&[a-z]*$/); // no entity cut at the end
      expect(p).not.toMatch(/<[^>]*$/); // no tag cut at the end
    }
    // the bold is closed at every cut and opened again after it
    for (const p of pieces.slice(0, -1)) expect(p.endsWith('</b>')).toBe(true);
    for (const p of pieces.slice(1, -1)) expect(p.startsWith('<b>')).toBe(true);
    const visible = pieces.map((p) => stripHtml(p)).join('');
    expect(visible).toBe(stripHtml(text));
  });

  it('re-opens nested tags in order, with their attributes', () => {
    const text = `<i>intro <a href="https://x.example">${'linked text '.repeat(50)}</a> tail</i>`;
    const pieces = splitText(text, 200, 'html');
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(200);
      expect(parseTelegramHtml(p)).not.toHaveProperty('error');
    }
    expect(pieces[1]!.startsWith('<i><a href="https://x.example">')).toBe(true);
  });

  it('never separates a Markdown escape from its character', () => {
    const text = '\\*'.repeat(3000);
    const pieces = splitText(text, 2000, 'markdown');
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect(p).toMatch(/^(\\\*)+$/);
    }
    expect(pieces.join('')).toBe(text);
  });

  it('never cuts a Slack link or entity', () => {
    const text = `${'<https://x.example/a|a link> &amp; '.repeat(300)}`;
    const pieces = splitText(text, 3000, 'mrkdwn');
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(3000);
      expect(p.split('<').length).toBe(p.split('>').length);
      expect(p).not.toMatch(/&[a-z]*$/);
    }
  });

  it('never splits a surrogate pair (emoji)', () => {
    const text = '🎉'.repeat(3000);
    const pieces = splitText(text, 2001, 'markdown');
    for (const p of pieces) expect(p).toMatch(/^(🎉)+$/u);
    expect(pieces.join('')).toBe(text);
  });

  it('closes and re-opens a code fence cut in the middle', () => {
    const text = `result:\n\`\`\`\n${lines(300, (i) => `row ${i}`)}\n\`\`\`\nend`;
    const pieces = splitText(text, 500, 'markdown');
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(500);
      expect((p.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
  });
});

describe('digests', () => {
  it('merges messages while the result fits, and refuses when it would not', () => {
    const a = { text: 'a'.repeat(3000), blocks: ['a'.repeat(3000)] };
    const b = { text: 'b'.repeat(1095), blocks: ['b'.repeat(1095)] };
    expect(merge(a, b, TELEGRAM_LIMITS)?.text.length).toBeUndefined(); // 3000 + 2 + 1095 > 4096
    expect(merge(a, { text: 'b'.repeat(1094), blocks: [] }, TELEGRAM_LIMITS)?.text.length).toBe(4096);
    const small = merge({ text: 'one', blocks: ['one'] }, { text: 'two', blocks: ['two'] }, TELEGRAM_LIMITS);
    expect(small).toEqual({ text: 'one\n\ntwo', blocks: ['one\n\ntwo'] });
    // Slack: each notification keeps its own section
    expect(
      merge({ text: 'one', blocks: ['one'] }, { text: 'two', blocks: ['two'] }, SLACK_LIMITS)?.blocks,
    ).toEqual(['one', 'two']);
  });
});
