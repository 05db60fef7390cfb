import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.ts';

// A question the bot asked (a profile field, an auction maximum) waits for the next text. A
// command instead means the customer moved on: the question is dropped and the command runs.

export const dropQuestionOnCommand: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (ctx.session.awaiting && ctx.message?.text?.startsWith('/')) ctx.session.awaiting = undefined;
  await next();
};
