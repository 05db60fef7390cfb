import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.ts';

// A question the bot asked (a profile field, an auction maximum) waits for the next text. A
// command, or a button that is not one of the question's own (Skip, Stop), means the customer
// moved on: the question is dropped, so a later text is not taken for its answer.

const QUESTION_BUTTONS = /^p[sq]:/;

export const dropQuestionWhenMovingOn: MiddlewareFn<BotContext> = async (ctx, next) => {
  const command = ctx.message?.text?.startsWith('/');
  const otherButton = ctx.callbackQuery?.data !== undefined && !QUESTION_BUTTONS.test(ctx.callbackQuery.data);
  if (ctx.session.awaiting && (command || otherButton)) ctx.session.awaiting = undefined;
  await next();
};
