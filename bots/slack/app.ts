import { App, type Receiver, type RespondFn } from '@slack/bolt';
import type { Config, Core, Logger } from '../../src/index.ts';
import { note, type Reply } from './blocks.ts';
import { actorOf, type Feature, type StaffContext } from './command.ts';
import { boltLogger } from './logger.ts';
import { parseCommand } from './parse.ts';
import { createRouter } from './router.ts';
import { REFUSAL, REPLY_REFUSED } from './words.ts';

// The Bolt app: one slash command and the buttons of its replies. Every request is acknowledged
// at once (Slack allows 3 s); the answer follows through respond(), so a slow query or an import
// never shows staff a timeout. Replies are ephemeral: only the staff member who asked sees them.

const SLASH_COMMAND = '/backorder';
/** every button of our replies has an action id starting with this */
const ACTION_PREFIX = 'bo.';

export interface SlackAppDeps {
  core: Core;
  config: Config;
  log: Logger;
  receiver: Receiver;
  features: Feature[];
}

export function createSlackApp(deps: SlackAppDeps): App {
  const { core, config, log } = deps;
  const router = createRouter(deps.features);
  const app = new App({
    receiver: deps.receiver,
    // An authorize function instead of `token`: Bolt then never calls auth.test (neither at start,
    // which crashes the process when Slack is unreachable, nor before each event, which Bolt 5 does
    // with tokenVerificationEnabled: false and no bot ids). Slash commands and buttons need no bot ids.
    authorize: async () => ({ botToken: config.SLACK_BOT_TOKEN }),
    logger: boltLogger(log),
    clientOptions: { slackApiUrl: config.SLACK_API_URL },
  });

  const context = (userId: string, triggerId: string | undefined): StaffContext => ({
    core,
    config,
    log,
    userId,
    actor: actorOf(userId),
    triggerId,
  });

  const isStaff = (userId: string) => config.SLACK_ADMIN_USER_IDS.includes(userId);

  // Refused attempts are audited: someone outside the staff list trying staff commands is worth knowing.
  const auditRefusal = (userId: string, what: string) =>
    core.logs
      .write({
        job: 'slack',
        level: 'error',
        message: `refused ${what.slice(0, 300)}: ${userId} is not in SLACK_ADMIN_USER_IDS`,
        actor: actorOf(userId),
      })
      .catch((e) => log.error('could not audit a refused slack command', { error: e }));

  const send = async (respond: RespondFn, reply: Reply, replace: boolean) => {
    try {
      await respond({
        response_type: 'ephemeral',
        replace_original: replace,
        text: reply.text,
        blocks: reply.blocks,
      });
    } catch (e) {
      log.error('slack reply failed', { error: e });
      // Staff should hear back even when Slack refuses a reply (a limit we did not know of):
      // a short plain one still goes through, unless the response_url itself has expired.
      await respond({ response_type: 'ephemeral', replace_original: false, text: REPLY_REFUSED }).catch(
        () => {},
      );
    }
  };

  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    if (!isStaff(command.user_id)) {
      await ack({ response_type: 'ephemeral', text: REFUSAL });
      await auditRefusal(command.user_id, `${SLASH_COMMAND} ${command.text}`);
      return;
    }
    const cmd = parseCommand(command.text);
    const ackText = router.find(cmd.name)?.ackText;
    await ack(ackText ? { response_type: 'ephemeral', text: ackText } : undefined);
    const reply = await router.run(context(command.user_id, command.trigger_id), cmd);
    await send(respond, reply, false);
  });

  app.action(
    { type: 'block_actions', action_id: new RegExp(`^${ACTION_PREFIX.replace('.', '\\.')}`) },
    async ({ body, action, ack, respond }) => {
      await ack();
      if (!isStaff(body.user.id)) {
        await send(respond, note(REFUSAL), false);
        await auditRefusal(body.user.id, `the button ${action.action_id}`);
        return;
      }
      const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
      const { reply, replace } = await router.click(
        context(body.user.id, body.trigger_id),
        action.action_id,
        value,
      );
      await send(respond, reply, replace);
    },
  );

  app.error(async (e) => {
    log.error('slack app error', { error: e });
  });
  return app;
}
