import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, PROJECT_ROOT } from '../../src/index.ts';
import { signInitData } from '../helpers/init-data.ts';
import { at, DE, EN, type Harness, startTelegram, T0, TOKEN } from './harness.ts';

// The Mini App in a real headless browser (Debian's chromium, driven by playwright-core), served by
// the service as `npm install` built it, signed in as Telegram would sign a user in: search, sort,
// place a backorder, cancel it, and the database says so. Forged or stale launch data shows no
// data. A screenshot of each screen goes to test-results/ (CI keeps them).
//
// Without a chromium this file is skipped, unless REQUIRE_BROWSER=1 (CI) makes that a failure.

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_BROWSER = existsSync(EXECUTABLE);
const SHOTS = join(PROJECT_ROOT, 'test-results');
const THEME = {
  bg_color: '#17212b',
  text_color: '#f5f5f5',
  hint_color: '#708499',
  link_color: '#6ab3f3',
  button_color: '#5288c1',
  button_text_color: '#ffffff',
  secondary_bg_color: '#232e3c',
};

it.runIf(!HAVE_BROWSER && process.env.REQUIRE_BROWSER === '1')('has a browser to test with', () => {
  expect.fail(`no chromium at ${EXECUTABLE} (apt-get install chromium, or set CHROMIUM_PATH)`);
});

describe.runIf(HAVE_BROWSER)('the Mini App in a browser', () => {
  let h: Harness;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    h = await startTelegram();
    base = new URL(h.url).origin;
    await h.core.pricing.set('com', 'USD', 4900n, 'test', 2900n);
    await h.core.pricing.set('de', 'USD', 2900n);
    await h.importList([
      ['shop.com', at(1, 10)],
      ['shops.com', at(1, 11)],
      ['myshop.com', at(2, 1)],
      ['shopping.de', at(3, 2)],
      ['shop.net', at(1, 14)],
      ['other.com', at(1, 9)],
    ]);
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: EXECUTABLE, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The page as Telegram opens it: launch data and theme in the address's fragment, a phone's width. */
  async function open(initData: string): Promise<{ page: Page; statuses: number[] }> {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const statuses: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/app/api/')) statuses.push(r.status());
    });
    const hash = new URLSearchParams({ tgWebAppData: initData, tgWebAppThemeParams: JSON.stringify(THEME) });
    await page.goto(`${base}/app/#${hash}`);
    return { page, statuses };
  }

  const names = (page: Page) => page.locator('tbody td.name').allInnerTexts();

  it('searches, sorts, places a backorder and cancels it', async () => {
    const { page } = await open(signInitData(TOKEN, EN, new Date(T0.getTime() - HOUR)));
    await expect.poll(() => page.locator('.balance').textContent()).toMatch(/Available \$0\.00/);
    // Telegram's colours reach the page.
    expect(await page.evaluate('getComputedStyle(document.documentElement).backgroundColor')).toBe(
      'rgb(23, 33, 43)',
    );
    await expect.poll(() => names(page)).toHaveLength(6);
    await page.screenshot({ path: join(SHOTS, 'miniapp-search.png'), fullPage: true });

    // By keyboard: the keyword, then Enter.
    await page.getByLabel('Keyword').focus();
    await page.keyboard.type('shop');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => names(page))
      .toEqual(['shop.com', 'shops.com', 'shop.net', 'myshop.com', 'shopping.de']);
    expect(await page.locator('.summary').textContent()).toBe('5 names · Page 1 of 1');
    // The chart's counts, as the screen reader list has them.
    expect(await page.locator('.chart li').allInnerTexts()).toEqual([
      '2026-12-01: 0 names',
      '2026-12-02: 3 names',
      '2026-12-03: 1 names',
      '2026-12-04: 1 names',
      '2026-12-05: 0 names',
      '2026-12-06: 0 names',
      '2026-12-07: 0 names',
    ]);
    expect(await page.locator('.chart canvas').count()).toBe(1);

    await page.getByRole('button', { name: /^Name/ }).click();
    await expect
      .poll(() => names(page))
      .toEqual(['myshop.com', 'shop.com', 'shop.net', 'shopping.de', 'shops.com']);
    await page.getByRole('button', { name: /^Name/ }).click();
    await expect
      .poll(() => names(page))
      .toEqual(['shops.com', 'shopping.de', 'shop.net', 'shop.com', 'myshop.com']);
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toMatch(/Name/);
    // Not offered: no Backorder button.
    expect(await page.getByRole('button', { name: 'Backorder shop.net' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Backorder shop.com' }).click();
    const dialog = page.getByRole('dialog');
    await expect
      .poll(() => dialog.textContent())
      .toMatch(/Backorder shop\.com\? It drops 2026-12-02 19:00 UTC/);
    await page.screenshot({ path: join(SHOTS, 'miniapp-place.png') });
    await dialog.getByRole('button', { name: 'Lite $29.00' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/shop\.com/);
    const customer = (await h.core.customers.identity('telegram', String(EN.id)))!.customer;
    const placed = await h.core.backorders.list({ customerId: customer.id });
    expect(placed.items.map((b) => [b.fqdn, b.kind, b.status])).toEqual([['shop.com', 'lite', 'REQUESTED']]);

    await page.getByRole('tab', { name: 'My backorders' }).click();
    await expect.poll(() => names(page)).toEqual([`shop.com #${placed.items[0]!.id}`]);
    expect(await page.locator('td.status').textContent()).not.toBe('');
    await page.screenshot({ path: join(SHOTS, 'miniapp-mine.png'), fullPage: true });
    await page.getByRole('button', { name: 'Cancel shop.com' }).click();
    await expect
      .poll(() => page.getByRole('dialog').textContent())
      .toMatch(/Cancel the backorder of shop\.com/);
    await page.screenshot({ path: join(SHOTS, 'miniapp-cancel.png') });
    await page.getByRole('button', { name: 'Cancel backorder' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/is cancelled/);
    expect((await h.core.backorders.get(placed.items[0]!.id)).status).toBe('CANCELLED');
    await expect.poll(() => page.getByRole('button', { name: 'Cancel shop.com' }).count()).toBe(0);
    await page.close();
  });

  it('loads without moving what is already on screen', async () => {
    const { page } = await open(signInitData(TOKEN, EN, new Date(T0.getTime() - HOUR)));
    // Chromium's layout-shift entries, summed as the cumulative layout shift score.
    await page.evaluate(`window.shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.shift += e.value;
      }).observe({ type: 'layout-shift', buffered: true });`);
    await expect.poll(() => names(page)).toHaveLength(6);
    await expect.poll(() => page.locator('.chart li').count()).toBe(7);
    const shift = Number(await page.evaluate('window.shift'));
    expect(shift).toBeLessThan(0.1);
    await page.close();
  });

  it('speaks German to a German customer', async () => {
    const { page } = await open(signInitData(TOKEN, DE, new Date(T0.getTime() - HOUR)));
    await expect.poll(() => page.locator('.balance').textContent()).toMatch(/^Verfügbar/);
    await expect.poll(() => page.getByRole('tab', { name: 'Meine Backorders' }).count()).toBe(1);
    expect(await page.evaluate('document.documentElement.lang')).toBe('de');
    await page.screenshot({ path: join(SHOTS, 'miniapp-de.png'), fullPage: true });
    await page.close();
  });

  it('shows nothing to forged or stale launch data', async () => {
    const good = signInitData(TOKEN, EN, new Date(T0.getTime() - HOUR));
    const forged = good.replace(encodeURIComponent(`"id":${EN.id}`), encodeURIComponent('"id":4242'));
    const stale = signInitData(TOKEN, EN, new Date(T0.getTime() - 25 * HOUR));
    for (const [name, initData] of [
      ['forged', forged],
      ['stale', stale],
    ] as const) {
      const { page, statuses } = await open(initData);
      await expect.poll(() => page.locator('.notice').textContent()).toMatch(/Open this app from the bot/);
      await expect.poll(() => statuses.length).toBeGreaterThanOrEqual(3);
      expect(new Set(statuses)).toEqual(new Set([401]));
      expect(await page.locator('tbody tr').count()).toBe(0);
      expect(await page.locator('.balance').textContent()).not.toMatch(/Available/);
      await page.screenshot({ path: join(SHOTS, `miniapp-${name}.png`) });
      await page.close();
    }
  });
});
