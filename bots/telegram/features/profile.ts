import { Composer } from 'grammy';
import { z } from 'zod';
import { RegistrantContact } from '../../../src/index.ts';
import { button, data, keyboard, onButton, rows } from '../buttons.ts';
import { actorOf, type BotContext, PROFILE_FIELDS, type ProfileField } from '../context.ts';
import { say, show } from '../reply.ts';

// /profile: the registrant contact the registrar gets as the owner of a caught name. Asked one
// field at a time, each answer checked with the registrar's rules before the next question; the
// whole contact is checked again and saved when the last answer is in. A saved profile is shown
// with a button per field to change just that one.

export const profileFeature = new Composer<BotContext>();

const OPTIONAL: readonly ProfileField[] = ['organization', 'state'];
const field = z.enum(PROFILE_FIELDS);

function savedContact(ctx: BotContext): RegistrantContact | null {
  if (!ctx.customer.contact) return null;
  try {
    const parsed = RegistrantContact.safeParse(JSON.parse(ctx.customer.contact));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function ask(
  ctx: BotContext,
  f: ProfileField,
  mode: 'wizard' | 'edit',
  draft: Partial<Record<ProfileField, string>>,
) {
  const { text } = ctx;
  ctx.session.awaiting = { kind: 'profile', mode, field: f, draft };
  const step = PROFILE_FIELDS.indexOf(f) + 1;
  await say(
    ctx,
    [
      mode === 'wizard'
        ? text.t('tg-profile-step', { step, steps: PROFILE_FIELDS.length })
        : text.t('tg-profile-edit-field'),
      text.t(`tg-profile-ask-${f}`),
    ].join('\n'),
    keyboard([
      ...(OPTIONAL.includes(f) ? [button(text.label('tg-button-skip'), data('ps', f))] : []),
      button(text.label('tg-button-stop'), data('pq', 'stop')),
    ]),
  );
}

function profileView(ctx: BotContext, contact: RegistrantContact) {
  const { text } = ctx;
  const lines = [
    text.t('tg-profile-title'),
    ...PROFILE_FIELDS.map((f) =>
      text.t('tg-profile-line', { field: text.label(`tg-profile-field-${f}`), value: contact[f] ?? '–' }),
    ),
    '',
    text.t('tg-profile-edit-hint'),
  ];
  const edit = PROFILE_FIELDS.map((f) => button(text.label(`tg-profile-field-${f}`), data('pe', f)));
  return {
    html: lines.join('\n'),
    keyboard: keyboard(...rows(edit, 3), [button(text.label('tg-button-start-over'), data('pw', 'all'))]),
  };
}

export async function openProfile(ctx: BotContext) {
  const contact = savedContact(ctx);
  if (!contact) {
    await say(ctx, ctx.text.t('tg-profile-intro'));
    await ask(ctx, PROFILE_FIELDS[0], 'wizard', {});
    return;
  }
  const view = profileView(ctx, contact);
  await show(ctx, view.html, view.keyboard);
}

async function save(ctx: BotContext, contact: unknown) {
  const checked = RegistrantContact.safeParse(contact);
  if (!checked.success) {
    // Each answer passed on its own, so this is a stored field that no longer does: ask for it.
    const bad = field.safeParse(checked.error.issues[0]?.path[0]);
    await ask(ctx, bad.success ? bad.data : PROFILE_FIELDS[0], 'wizard', {});
    return;
  }
  ctx.customer = await ctx.deps.core.customers.update(
    ctx.customer.id,
    { contact: checked.data },
    actorOf(ctx),
  );
  ctx.session.awaiting = undefined;
  const view = profileView(ctx, checked.data);
  await say(ctx, [ctx.text.t('tg-profile-saved'), view.html].join('\n'), view.keyboard);
}

/** The answer (or a skip, `undefined`) to the question asked: the next question, or save. */
async function answer(ctx: BotContext, typed: string | undefined) {
  const awaiting = ctx.session.awaiting;
  if (awaiting?.kind !== 'profile') return;
  const { field: f, mode } = awaiting;
  let value: string | undefined;
  if (typed !== undefined) {
    const checked = RegistrantContact.shape[f].safeParse(typed);
    if (!checked.success || (checked.data === undefined && !OPTIONAL.includes(f))) {
      await say(ctx, [ctx.text.t(`tg-profile-invalid-${f}`), ctx.text.t(`tg-profile-ask-${f}`)].join('\n'));
      return;
    }
    value = checked.data;
  }
  if (mode === 'edit') return save(ctx, { ...savedContact(ctx), [f]: value });
  const draft = { ...awaiting.draft, [f]: value };
  const next = PROFILE_FIELDS[PROFILE_FIELDS.indexOf(f) + 1];
  if (next) await ask(ctx, next, 'wizard', draft);
  else await save(ctx, draft);
}

profileFeature.command('profile', (ctx) => openProfile(ctx));

profileFeature.on('message:text').filter(
  (ctx) => ctx.session.awaiting?.kind === 'profile',
  (ctx) => answer(ctx, ctx.message.text),
);

onButton(profileFeature, 'ps', z.tuple([field]), async (ctx, [f]) => {
  if (ctx.session.awaiting?.kind !== 'profile' || ctx.session.awaiting.field !== f) {
    ctx.toast = ctx.text.label('tg-button-expired');
    return;
  }
  await answer(ctx, undefined);
});

onButton(profileFeature, 'pq', z.tuple([z.literal('stop')]), async (ctx) => {
  ctx.session.awaiting = undefined;
  await say(ctx, ctx.text.t('tg-profile-stopped'));
});

onButton(profileFeature, 'pe', z.tuple([field]), async (ctx, [f]) => {
  const contact = savedContact(ctx);
  if (!contact) return openProfile(ctx);
  await ask(ctx, f, 'edit', {});
});

onButton(profileFeature, 'pw', z.tuple([z.literal('all')]), (ctx) =>
  ask(ctx, PROFILE_FIELDS[0], 'wizard', {}),
);
