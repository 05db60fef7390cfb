import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notificationChannels } from '../../bots/index.ts';
import type { EventKind } from '../../src/notify/events.ts';
import { createI18n } from '../../src/notify/i18n.ts';
import { SHIPPED_LOCALES } from '../../src/notify/service.ts';
import { createRenderer, requiredKinds } from '../../src/notify/templates.ts';
import { SHIPPED_TEMPLATES } from '../../src/paths.ts';
import { parseTelegramHtml } from '../fakes/telegram-api.ts';
import { SAMPLES } from './samples.ts';

const i18n = createI18n({ dir: SHIPPED_LOCALES });
const renderer = createRenderer({ channels: notificationChannels, i18n });
const json = (v: unknown) => JSON.stringify(v);
// Free text reaches a failure notice only under a code the locales have no words for.
const failedWith = (reason: string) =>
  json({ ...SAMPLES['backorder.failed'], reasonCode: 'from-a-newer-version', reason });

function overrides(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'templates-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('every template in every language', () => {
  for (const { name: channel, audiences } of notificationChannels) {
    for (const kind of requiredKinds(audiences)) {
      it(`${channel}/${kind}`, () => {
        const en = renderer.render(channel, kind, json(SAMPLES[kind]), 'en');
        const de = renderer.render(channel, kind, json(SAMPLES[kind]), 'de');
        for (const text of [en, de]) {
          expect(text.trim()).not.toBe('');
          expect(text).not.toMatch(/\{\s*\$|undefined|\[object/); // no unresolved argument
          if (channel === 'telegram') expect(parseTelegramHtml(text)).not.toHaveProperty('error');
        }
        expect(de).not.toBe(en);
      });
    }
  }
});

describe('helpers', () => {
  it('money: minor units in the reader’s locale and currency', () => {
    const p = json({ ...SAMPLES['backorder.placed'], amount: '123456789', currency: 'EUR' });
    expect(renderer.render('telegram', 'backorder.placed', p, 'en')).toContain('€1,234,567.89');
    expect(renderer.render('telegram', 'backorder.placed', p, 'de')).toContain('1.234.567,89\u00a0€');
    const yen = json({ ...SAMPLES['backorder.placed'], amount: '1500', currency: 'JPY' });
    expect(renderer.render('telegram', 'backorder.placed', yen, 'en')).toContain('¥1,500');
  });

  it('date: UTC and saying so, whatever the process zone (tests run in America/New_York)', () => {
    expect(process.env.TZ).toBe('America/New_York');
    const text = renderer.render(
      'telegram',
      'backorder.processing',
      json(SAMPLES['backorder.processing']),
      'en',
    );
    expect(text).toContain('2026-12-01 14:00 UTC');
  });

  it('date: an unknown drop time in words', () => {
    const p = json({ ...SAMPLES['backorder.placed'], dropAt: null });
    expect(renderer.render('telegram', 'backorder.placed', p, 'de')).toContain(
      'Erwarteter Drop: noch nicht bekannt',
    );
  });

  it('Backorder Lite and the finalization deadline are said on every channel; an older row without them reads as before', () => {
    const lite = json({
      ...SAMPLES['backorder.placed'],
      lite: true,
      finalizesAt: '2026-12-04T10:00:00Z',
    });
    for (const channel of ['telegram', 'slack', 'discord'] as const) {
      const en = renderer.render(channel, 'backorder.placed', lite, 'en');
      // Discord's markdown escapes the brackets
      expect(en).toMatch(/close at 2026-12-04 10:00 UTC \\?\(the finalization deadline\\?\)/);
      expect(en).toContain('Backorder Lite: regular backorders of this name come first');
      expect(renderer.render(channel, 'backorder.placed', lite, 'de')).toContain(
        'bis 2026-12-04 10:00 UTC möglich',
      );
      const activated = json({ ...SAMPLES['backorder.activated'], lite: true });
      expect(renderer.render(channel, 'backorder.activated', activated, 'en')).toContain('Backorder Lite');
      const old = renderer.render(channel, 'backorder.placed', json(SAMPLES['backorder.placed']), 'en');
      expect(old).not.toContain('Lite');
      expect(old).not.toContain('finalization');
    }
  });

  it('domain: internationalised names in Unicode', () => {
    const text = renderer.render('slack', 'backorder.activated', json(SAMPLES['backorder.activated']), 'en');
    expect(text).toContain('münchen.de');
    expect(text).not.toContain('xn--');
  });

  it('a failure reason in the reader’s words; the English sentence for a row without a code this version knows', () => {
    const failed = json(SAMPLES['backorder.failed']);
    expect(renderer.render('telegram', 'backorder.failed', failed, 'de')).toContain(
      'Jemand anderes hat ihn beim Drop bekommen.',
    );
    const { reasonCode: _, ...older } = SAMPLES['backorder.failed'];
    for (const row of [json(older), failedWith('the name went to someone else')])
      expect(renderer.render('telegram', 'backorder.failed', row, 'de')).toContain(
        'Grund: the name went to someone else',
      );
  });

  it('plural rules come from the language', () => {
    const one = json({
      ...SAMPLES['watch.matches'],
      total: 1,
      name: null,
      items: SAMPLES['watch.matches'].items.slice(0, 1),
    });
    expect(renderer.render('telegram', 'watch.matches', one, 'en')).toContain(
      'One new name matches your watch',
    );
    expect(renderer.render('telegram', 'watch.matches', one, 'de')).toContain('Ein neuer Name passt');
  });
});

describe('escaping hostile text per channel', () => {
  const hostile = '<b>x</b> *_~ @everyone &amp; <@123> [y](https://evil.example)';
  const failed = failedWith(hostile);

  it('Telegram HTML: tags and entities shown as typed, nothing else touched', () => {
    const text = renderer.render('telegram', 'backorder.failed', failed, 'en');
    expect(text).toContain('&lt;b&gt;x&lt;/b&gt; *_~ @everyone &amp;amp; &lt;@123&gt;');
    const parsed = parseTelegramHtml(text);
    expect('text' in parsed && parsed.text).toContain(hostile); // what the customer reads
  });

  it('Telegram HTML: quotes, backticks and equals signs too, as entities Telegram decodes back', () => {
    const quoted = `a "b" 'c' \`d\` e=f <g> & h`;
    const text = renderer.render('telegram', 'backorder.failed', failedWith(quoted), 'en');
    expect(text).toContain('a &quot;b&quot; &#x27;c&#x27; &#x60;d&#x60; e&#x3D;f &lt;g&gt; &amp; h');
    const parsed = parseTelegramHtml(text);
    expect('text' in parsed && parsed.text).toContain(quoted);
  });

  it('Slack mrkdwn: &, < and > escaped, marks split, pings broken, in every staff alert', () => {
    const z = '\u200b';
    const inert = `&lt;b&gt;x&lt;/b&gt; ${z}*${z}${z}_${z}${z}~${z} @${z}everyone &amp;amp; &lt;@123&gt; [y](https://evil.example)`;
    const staff: Array<[EventKind, Record<string, unknown>]> = [
      ['staff.job-failed', { job: hostile, error: hostile }],
      ['staff.registrar-error', { ...SAMPLES['staff.registrar-error'], message: hostile }],
      ['staff.credit-limit', { ...SAMPLES['staff.credit-limit'], message: hostile }],
    ];
    for (const [kind, payload] of staff) {
      const text = renderer.render('slack', kind, json(payload), 'en');
      expect(text, kind).toContain(inert);
      expect(text, kind).not.toMatch(/<(?!\/?b>)/); // no raw < at all
    }
  });

  it('Discord markdown: markup escaped, @everyone and mentions neutralised', () => {
    const text = renderer.render('discord', 'backorder.failed', failed, 'en');
    expect(text).toContain(
      '\\<b\\>x\\</b\\> \\*\\_\\~ @\u200beveryone &amp; \\<@123\\> \\[y\\]\\(https://evil.example\\)',
    );
    expect(text).not.toMatch(/@everyone|(?<!\\)<@/);
  });

  it('Discord: a value cannot start a heading, list or quote on its own line', () => {
    const text = renderer.render(
      'discord',
      'backorder.failed',
      failedWith('x\n# big\n- item\n> quote\n1. first'),
      'en',
    );
    expect(text).toContain('\n\\# big\n\\- item\n\\> quote\n1\\. first');
  });
});

describe('loading', () => {
  it('compiles every shipped template at start, from the shipped folder', () => {
    expect(renderer.source('telegram', 'balance.low')).toBe(
      join(SHIPPED_TEMPLATES, 'telegram', 'balance.low.hbs'),
    );
    expect(renderer.keys('telegram', 'balance.low')).toContain('balance-low-hint');
  });

  it('TEMPLATES_DIR replaces shipped templates file by file', () => {
    const dir = overrides({
      'telegram/balance.low.hbs': 'Reseller text: {{t "balance-low-title"}} {{money missing currency}}\n',
    });
    const custom = createRenderer({ channels: notificationChannels, i18n, overrideDir: dir });
    expect(custom.render('telegram', 'balance.low', json(SAMPLES['balance.low']), 'en')).toBe(
      'Reseller text: Balance too low €14.90',
    );
    expect(custom.source('telegram', 'balance.low')).toBe(join(dir, 'telegram', 'balance.low.hbs'));
    // everything else still the shipped text
    expect(custom.render('telegram', 'backorder.caught', json(SAMPLES['backorder.caught']), 'en')).toBe(
      renderer.render('telegram', 'backorder.caught', json(SAMPLES['backorder.caught']), 'en'),
    );
  });

  it('refuses at start a template that uses a text missing in a language', () => {
    const dir = overrides({ 'slack/staff.caught.hbs': '{{t "no-such-text"}}\n' });
    expect(() => createRenderer({ channels: notificationChannels, i18n, overrideDir: dir })).toThrow(
      /staff\.caught\.hbs: no text "no-such-text"/,
    );
  });

  it('refuses at start a computed translation key, which could not be checked', () => {
    const dir = overrides({ 'slack/staff.caught.hbs': '{{t fqdn}}\n' });
    expect(() => createRenderer({ channels: notificationChannels, i18n, overrideDir: dir })).toThrow(
      /needs a literal key/,
    );
  });

  it('refuses a file named after no event kind (a typo would otherwise be ignored)', () => {
    const dir = overrides({ 'telegram/balance-low.hbs': 'x\n' });
    expect(() => createRenderer({ channels: notificationChannels, i18n, overrideDir: dir })).toThrow(
      /"balance-low" is not an event kind/,
    );
  });

  it('refuses at start a template with a syntax error', () => {
    const dir = overrides({ 'telegram/balance.low.hbs': '{{#if x}}unclosed\n' });
    expect(() => createRenderer({ channels: notificationChannels, i18n, overrideDir: dir })).toThrow(
      /balance\.low\.hbs/,
    );
  });

  it('strict: a misspelt field fails the rendering instead of printing nothing', () => {
    const dir = overrides({ 'telegram/backorder.caught.hbs': 'Invoice {{invoiceNumbr}}\n' });
    const custom = createRenderer({ channels: notificationChannels, i18n, overrideDir: dir });
    expect(() =>
      custom.render('telegram', 'backorder.caught', json(SAMPLES['backorder.caught']), 'en'),
    ).toThrow(/"invoiceNumbr" is not defined/);
  });

  it('checks the payload against the catalogue before rendering', () => {
    const bad = json({ ...SAMPLES['backorder.placed'], amount: 12.5 });
    expect(() => renderer.render('telegram', 'backorder.placed', bad, 'en')).toThrow(/amount/);
  });
});
