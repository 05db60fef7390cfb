import { alerts } from './alerts.ts';
import { backorder } from './backorder.ts';
import type { SlashCommand } from './command.ts';
import { drops } from './drops.ts';
import { helpCommand } from './help.ts';
import { link, unlink } from './link.ts';
import { mybackorders } from './mybackorders.ts';
import { price } from './price.ts';
import { upcoming } from './upcoming.ts';

// Every slash command of the app, as registered and as answered: the community's (drops, alerts),
// and a linked customer's own (link, backorder, mybackorders).
export const slashCommands: readonly SlashCommand[] = [
  drops,
  upcoming,
  price,
  alerts,
  link,
  unlink,
  backorder,
  mybackorders,
  helpCommand(() => slashCommands),
];
