import { REST, WebhookClient } from 'discord.js';
import type { BotDeps, BotModule, StartedBot } from '../bot.ts';
import { discordChannel } from './channel.ts';
import { slashCommands } from './commands/index.ts';
import { NO_MENTIONS } from './format.ts';
import { interactionsRoute } from './interactions.ts';
import { commandsConfigured } from './plugin.ts';
import { publicKeyFromHex } from './verify.ts';

// The Discord community app: slash commands over the HTTP interactions endpoint (no gateway, so
// any instance behind a load balancer answers), and the notification channel that carries the
// community events of the outbox (the digests after drop-list imports, caught names, auctions).

export const INTERACTIONS_PATH = '/discord/interactions';

export interface DiscordOptions {
  /** the answer must reach Discord within 3 s; slower replies are deferred and sent after */
  replyWithinMs?: number;
}

/** discord.js's WebhookClient accepts only discord.com URLs; with DISCORD_API_URL we pass id and token. */
export function webhookCredentials(url: string): { id: string; token: string } {
  const m = /\/webhooks\/(\d+)\/([\w-]+)/.exec(new URL(url).pathname);
  if (!m) throw new Error('DISCORD_WEBHOOK_URL must look like https://discord.com/api/webhooks/<id>/<token>');
  return { id: m[1]!, token: m[2]! };
}

export function createDiscordBot(opts: DiscordOptions = {}): BotModule {
  const replyWithinMs = opts.replyWithinMs ?? 2_000;
  return {
    async start({ core, config, log: parentLog, http }: BotDeps): Promise<StartedBot> {
      const log = parentLog.child({ bot: 'discord' });
      const api = config.DISCORD_API_URL;
      const rest = config.DISCORD_BOT_TOKEN
        ? new REST({ api, version: '10' }).setToken(config.DISCORD_BOT_TOKEN)
        : undefined;
      const webhook = config.DISCORD_WEBHOOK_URL
        ? new WebhookClient(webhookCredentials(config.DISCORD_WEBHOOK_URL), {
            rest: { api },
            allowedMentions: NO_MENTIONS,
          })
        : undefined;
      const channel = discordChannel({ webhook, rest });
      const summary: string[] = [];

      let interactions: ReturnType<typeof interactionsRoute> | undefined;
      if (rest && commandsConfigured(config)) {
        interactions = interactionsRoute({
          core,
          log,
          rest,
          publicKey: publicKeyFromHex(config.DISCORD_PUBLIC_KEY!),
          commands: slashCommands,
          replyWithinMs,
        });
        http.route('POST', INTERACTIONS_PATH, interactions.handler, {
          requiredHeaders: ['x-signature-ed25519', 'x-signature-timestamp'],
        });
        summary.push(`slash commands at POST ${INTERACTIONS_PATH}`);
      } else {
        summary.push(
          'slash commands off (set DISCORD_APPLICATION_ID, DISCORD_PUBLIC_KEY and DISCORD_BOT_TOKEN)',
        );
      }
      summary.push(webhook ? 'drop alerts to the webhook' : 'no webhook');

      return {
        summary: `discord: ${summary.join('; ')}`,
        channels: [channel],
        async stop() {
          await interactions?.settled();
          webhook?.destroy();
        },
      };
    },
  };
}

export const discordBot = createDiscordBot();
