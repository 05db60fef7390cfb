import type { KeyObject } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { InteractionResponseType, InteractionType, MessageFlags, type REST, Routes } from 'discord.js';
import {
  BOT_REPLY_SECONDS,
  type Core,
  type Logger,
  type RouteHandler,
  systemClock,
} from '../../src/index.ts';
import type { SlashCommand } from './commands/command.ts';
import { explain } from './errors.ts';
import { esc, type MessageBody, messagesOf, type Reply } from './format.ts';
import { type Interaction, interactionSchema, invocationOf } from './payload.ts';
import { isSignedByDiscord } from './verify.ts';

// POST /discord/interactions. Discord waits 3 seconds for the HTTP answer: a command that has its
// reply by `replyWithinMs` answers in the response body; a slower one answers "thinking…" (a
// deferred response) and its reply replaces that message through the REST API when it is ready.
// Nothing here depends on a gateway connection, so any instance behind a load balancer can answer.

export interface InteractionDeps {
  core: Core;
  log: Logger;
  rest: REST;
  publicKey: KeyObject;
  commands: readonly SlashCommand[];
  /** the answer must leave well before Discord's 3 s; tests lower it to force the deferred path */
  replyWithinMs: number;
}

const json = (status: number, value: unknown) => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

export function interactionsRoute(deps: InteractionDeps): {
  handler: RouteHandler;
  settled(): Promise<void>;
} {
  const { core, log, rest } = deps;
  const byName = new Map(deps.commands.map((c) => [c.definition.name, c]));
  const pending = new Set<Promise<void>>();

  const replyOf = (i: Interaction): Promise<Reply> =>
    core.metrics.time(BOT_REPLY_SECONDS, { platform: 'discord' }, () => answer(i));

  async function answer(i: Interaction): Promise<Reply> {
    const invocation = invocationOf(i);
    const command = byName.get(invocation.command);
    if (!command)
      return {
        text: `Sorry, this app has no /${esc(invocation.command.slice(0, 32))} command.`,
        ephemeral: true,
      };
    try {
      return { text: await command.run(invocation, core, { rest, log }), ephemeral: command.ephemeral };
    } catch (e) {
      return { text: explain(e, log, invocation.command, core.notify.i18n), ephemeral: true };
    }
  }

  const followUp = (i: Interaction, body: MessageBody) =>
    rest.post(Routes.webhook(i.application_id, i.token), { body, auth: false });

  /** After a deferred response: the reply replaces "thinking…", further pieces follow it. */
  async function deliverLate(i: Interaction, deferredEphemeral: boolean, reply: Reply): Promise<void> {
    const [first, ...more] = messagesOf(reply);
    if (reply.ephemeral && !deferredEphemeral) {
      // The "thinking…" message is public; a refusal meant for one member must not replace it.
      await rest.delete(Routes.webhookMessage(i.application_id, i.token, '@original'), { auth: false });
      more.unshift(first);
    } else {
      // Ephemerality was fixed by the deferred response; an edit cannot change it.
      const { flags: _fixed, ...edit } = first;
      await rest.patch(Routes.webhookMessage(i.application_id, i.token, '@original'), {
        body: edit,
        auth: false,
      });
    }
    for (const m of more) await followUp(i, m);
  }

  /** Runs `send` once our HTTP response has left: Discord takes follow-ups only after it. */
  function afterResponse(res: ServerResponse, send: () => Promise<void>): void {
    const p = new Promise<void>((resolve) => res.once('close', () => resolve()))
      .then(send)
      .catch((error) => log.error('discord follow-up failed', { error }))
      .finally(() => pending.delete(p));
    pending.add(p);
  }

  const handler: RouteHandler = async (req, raw) => {
    // Discord's signature clock is real time, not the core's (which tests and `--now` may move).
    if (!isSignedByDiscord(deps.publicKey, req.headers, req.rawBody, systemClock.now().getTime())) {
      return json(401, { error: 'invalid request signature' });
    }
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody.toString('utf8'));
    } catch {
      return json(400, { error: 'body is not JSON' });
    }
    const parsed = interactionSchema.safeParse(body);
    if (!parsed.success) return json(400, { error: 'not an interaction this app handles' });
    const i = parsed.data;
    if (i.type === InteractionType.Ping) return json(200, { type: InteractionResponseType.Pong });
    if (i.type !== InteractionType.ApplicationCommand)
      return json(400, { error: 'only slash commands are handled' });

    const command = byName.get(i.data?.name ?? '');
    const started = performance.now();
    const work = replyOf(i);
    let timer: NodeJS.Timeout | undefined;
    const late = Symbol('late');
    const first = await Promise.race([
      work,
      new Promise<typeof late>((resolve) => {
        timer = setTimeout(() => resolve(late), deps.replyWithinMs);
      }),
    ]);
    clearTimeout(timer);

    // Synchronous database work (better-sqlite3) can keep the timer from firing on time: a reply
    // that took longer than the budget goes the late way whichever of the two won the race.
    if (first === late || performance.now() - started >= deps.replyWithinMs) {
      const ephemeral = command?.ephemeral ?? true;
      afterResponse(raw.res, async () => deliverLate(i, ephemeral, await work));
      return json(200, {
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        data: ephemeral ? { flags: MessageFlags.Ephemeral } : {},
      });
    }
    const [reply, ...more] = messagesOf(first);
    if (more.length) {
      afterResponse(raw.res, async () => {
        for (const m of more) await followUp(i, m);
      });
    }
    return json(200, { type: InteractionResponseType.ChannelMessageWithSource, data: reply });
  };

  return {
    handler,
    /** resolves when every late reply and follow-up has been sent (stop waits for them) */
    async settled() {
      while (pending.size) await Promise.all(pending);
    },
  };
}
