import { type Bot, webhookCallback } from 'grammy';
import type { RouteHandler } from '../../src/index.ts';
import type { BotContext } from './context.ts';

// POST /telegram/webhook on the project's one HTTP server. grammY's webhookCallback does the work
// (the X-Telegram-Bot-Api-Secret-Token check in constant time, 401 on a mismatch, handleUpdate);
// this adapter hands it our request, whose body the server has already read. A slow update is
// answered 200 after 9 s and finishes in the background: Telegram would otherwise send it again.

export const WEBHOOK_PATH = '/telegram/webhook';

type Request = Parameters<RouteHandler>[0];
interface Response {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

function adapter(req: Request) {
  let done!: (r: Response) => void;
  const handlerReturn = new Promise<Response>((resolve) => {
    done = resolve;
  });
  const header = req.headers['x-telegram-bot-api-secret-token'];
  return {
    // read only once the secret matched: an unauthorized body is never parsed
    get update() {
      return Promise.resolve().then(() => JSON.parse(req.rawBody.toString('utf8')));
    },
    header: Array.isArray(header) ? header[0] : header,
    end: () => done({ status: 200 }),
    respond: (json: string) =>
      done({ status: 200, headers: { 'content-type': 'application/json' }, body: json }),
    unauthorized: () => done({ status: 401, body: 'secret token is wrong' }),
    handlerReturn,
  };
}

export function webhookRoute(bot: Bot<BotContext>, secret: string): RouteHandler {
  const callback = webhookCallback(bot, adapter, {
    secretToken: secret,
    onTimeout: 'return',
    timeoutMilliseconds: 9_000,
  });
  return async (req) => {
    // Until getMe has answered the bot cannot tell its own commands (/start@name); grammY would
    // wait for Telegram inside this request. Telegram sends the update again later.
    if (!bot.isInited()) return { status: 503, headers: { 'retry-after': '5' }, body: 'starting' };
    try {
      return await callback(req);
    } catch (e) {
      // A body that is not an update is the sender's problem, not ours.
      if (e instanceof SyntaxError) return { status: 400, body: 'not a JSON update' };
      throw e;
    }
  };
}
