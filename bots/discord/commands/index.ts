import { alerts } from './alerts.ts';
import type { SlashCommand } from './command.ts';
import { drops } from './drops.ts';
import { price } from './price.ts';
import { upcoming } from './upcoming.ts';

// Every slash command of the community app, as registered and as answered.
export const slashCommands: readonly SlashCommand[] = [drops, upcoming, price, alerts];
