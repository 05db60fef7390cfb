import { Composer } from 'grammy';
import { z } from 'zod';
import { onButton } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import { MENU_ITEMS, type MenuItem } from '../menu.ts';
import { openBalance } from './balance.ts';
import { openHelp } from './help.ts';
import { openLanguage } from './language.ts';
import { openMyBackorders } from './mybackorders.ts';
import { openPrices } from './prices.ts';
import { openProfile } from './profile.ts';
import { openSearchForm } from './search.ts';
import { openTopup } from './topup.ts';
import { openWatches } from './watch.ts';

// The main-menu buttons (`m:<item>`): each opens what its command opens, as a new message, so the
// menu stays where it is.

export const menuFeature = new Composer<BotContext>();

const OPEN: Record<MenuItem, (ctx: BotContext) => Promise<unknown>> = {
  search: openSearchForm,
  mine: openMyBackorders,
  balance: openBalance,
  topup: openTopup,
  prices: openPrices,
  watch: openWatches,
  profile: openProfile,
  language: openLanguage,
  help: openHelp,
};

onButton(menuFeature, 'm', z.tuple([z.enum(MENU_ITEMS)]), (ctx, [item]) => {
  ctx.newMessage = true;
  return OPEN[item](ctx);
});
