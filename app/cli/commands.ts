import { auctionCommands } from './auction.ts';
import { backorderCommands } from './backorder.ts';
import { batchCommands } from './batch.ts';
import type { Command } from './command.ts';
import { customerCommands } from './customer.ts';
import { dbCommands } from './db.ts';
import { discordCommands } from './discord.ts';
import { droplistCommands } from './droplist.ts';
import { droplistSyncCommands } from './droplist-sync.ts';
import { jobsCommands } from './jobs.ts';
import { logsCommands } from './logs.ts';
import { pricingCommands } from './pricing.ts';
import { scoreCommands } from './score.ts';
import { searchCommands } from './search.ts';

// Every command of `backorder`, by group; each group lives in its own file.
export const commands: Command[] = [
  ...dbCommands,
  ...logsCommands,
  ...pricingCommands,
  ...customerCommands,
  ...discordCommands,
  ...auctionCommands,
  ...droplistCommands,
  ...jobsCommands,
  ...searchCommands,
  ...scoreCommands,
  ...backorderCommands,
  ...batchCommands,
  ...droplistSyncCommands,
];
