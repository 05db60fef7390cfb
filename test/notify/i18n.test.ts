import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAILURE_REASONS } from '../../src/backorders/failure-reasons.ts';
import { InvalidDomainName } from '../../src/domain/domain-name.ts';
import { DomainError, ERROR_KINDS, InsufficientFunds, NotFound } from '../../src/errors.ts';
import { createI18n, type I18n } from '../../src/notify/i18n.ts';
import { SHIPPED_LOCALES } from '../../src/notify/service.ts';

const i18n = createI18n({ dir: SHIPPED_LOCALES });

// A code without a variant of its own falls to the default one, which is the check: Fluent itself
// accepts the gap silently.
function unworded(i18n: I18n, lang: string): string[] {
  const say = (reason: string) => i18n.t(lang, 'backorder-failed', { reason, text: '' });
  return FAILURE_REASONS.filter((code) => say(code) === say('no-such-reason'));
}

function tempLocales(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'locales-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('locales', () => {
  it('ships English and German', () => {
    expect(i18n.languages).toEqual(['de', 'en']);
  });

  it('has every key in every language, with the same arguments', () => {
    const en = i18n.keys('en').sort();
    for (const lang of i18n.languages) {
      expect(i18n.keys(lang).sort(), `keys of ${lang}`).toEqual(en);
      for (const key of en)
        expect(i18n.variables(lang, key), `${lang}: ${key}`).toEqual(i18n.variables('en', key));
    }
  });

  it('the parity check itself fails on a key missing in one language', () => {
    const dir = tempLocales({ 'en/a.ftl': 'hello = Hello\nbye = Bye\n', 'de/a.ftl': 'hello = Hallo\n' });
    const other = createI18n({ dir });
    expect(other.keys('de')).not.toEqual(other.keys('en'));
  });

  it('refuses a file with a broken entry instead of silently dropping it', () => {
    const dir = tempLocales({ 'en/a.ftl': 'good = Fine\nbad = { $x ->\n   [one] one\n}\n' });
    expect(() => createI18n({ dir })).toThrow(/"bad" has a syntax error/);
  });

  it('has words for every DomainError code in every language', () => {
    for (const lang of i18n.languages) {
      for (const code of Object.keys(ERROR_KINDS))
        expect(i18n.has(lang, `error-${code}`), `${lang}: error-${code}`).toBe(true);
    }
  });

  it('has words for every failure reason in every language', () => {
    for (const lang of i18n.languages) expect(unworded(i18n, lang), lang).toEqual([]);
  });

  it('the failure reason check itself finds a reason without words', () => {
    const text = 'backorder-failed = { $reason ->\n    [lost] Lost.\n   *[other] { $text }\n}\n';
    const other = createI18n({ dir: tempLocales({ 'en/a.ftl': text }) });
    expect(unworded(other, 'en')).toEqual(FAILURE_REASONS.filter((code) => code !== 'lost'));
  });

  it('falls back to English for languages it does not have, and maps regional codes', () => {
    expect(i18n.language('de-AT')).toBe('de');
    expect(i18n.language('fr')).toBe('en');
    expect(i18n.language(null)).toBe('en');
    expect(i18n.t('fr', 'status-FAILED')).toBe('failed');
  });

  it('throws on an unknown key (a bug tests must catch)', () => {
    expect(() => i18n.t('en', 'no-such-key')).toThrow(/no text "no-such-key"/);
  });
});

describe('errorText', () => {
  it('puts the details into words, money in the reader’s locale', () => {
    const e = new InsufficientFunds('12.50', '3.00', 'EUR');
    expect(i18n.errorText('en', e)).toBe('Not enough balance: €12.50 needed, €3.00 available.');
    // Intl puts a no-break space between amount and symbol in German
    expect(i18n.errorText('de', e)).toBe(
      'Guthaben reicht nicht: 12,50\u00a0€ benötigt, 3,00\u00a0€ verfügbar.',
    );
  });

  it('explains each domain name problem', () => {
    const e = new InvalidDomainName('example', 'no-zone');
    expect(i18n.errorText('en', e)).toContain('write the whole name, e.g. example.com');
    expect(i18n.errorText('de', e)).toContain('Bitte den ganzen Namen schreiben');
  });

  it('names the finalization deadline in UTC, and which class a zone does not offer', () => {
    const late = new DomainError('FINALIZED', 'too late', {
      fqdn: 'xn--mnchen-3ya.de',
      name: 'münchen.de',
      time: '2027-03-03 10:00 UTC',
    });
    expect(i18n.errorText('en', late)).toBe(
      'Too late: orders and cancellations for münchen.de closed at 2027-03-03 10:00 UTC (the finalization deadline).',
    );
    expect(i18n.errorText('de', late)).toBe(
      'Zu spät: Bestellungen und Stornierungen für münchen.de waren nur bis 2027-03-03 10:00 UTC möglich (Finalisierungsfrist).',
    );
    const notOffered = (kind: string) => new DomainError('ZONE_NOT_OFFERED', 'no', { zone: 'io', kind });
    expect(i18n.errorText('en', notOffered('lite'))).toBe('We do not offer Backorder Lite in this zone.');
    expect(i18n.errorText('en', notOffered('regular'))).toBe('We do not offer backorders in this zone.');
    expect(i18n.errorText('de', notOffered('lite'))).toBe(
      'In dieser Zone bieten wir kein Backorder Lite an.',
    );
  });

  it('names what was not found', () => {
    expect(i18n.errorText('de', new NotFound('backorder', 42))).toBe('Diese Backorder gibt es nicht (42).');
  });

  it('falls back to a generic text when the thrower gave fewer details than the text needs', () => {
    const e = new DomainError('INSUFFICIENT_FUNDS', 'insufficient funds for this backorder');
    expect(i18n.errorText('en', e)).toBe('That did not work: insufficient funds for this backorder');
  });

  it('says nothing about internals for errors that are not DomainErrors', () => {
    expect(i18n.errorText('en', new TypeError('x is undefined'))).toBe(
      'Something went wrong on our side. Please try again later.',
    );
  });
});
