import { ApplicationCommandOptionType, InteractionType } from 'discord.js';
import { z } from 'zod';

// The parts of an interaction payload we act on, validated before use: a signed payload is still
// only as well-formed as Discord's next API change, and a bad one must get a clear 400, not a crash.

const snowflake = z.string().regex(/^\d{1,20}$/);

type OptionValue = string | number | boolean;
interface RawOption {
  name: string;
  type: number;
  value?: OptionValue;
  options?: RawOption[];
}

// Options nest at most twice (a subcommand group holds subcommands, a subcommand its options):
// three levels are read and deeper ones dropped. A recursive schema would follow a payload nested
// thousands deep until the stack overflows.
const leaf = z.object({
  name: z.string(),
  type: z.number().int(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
const nested = (inner: z.ZodType<RawOption>): z.ZodType<RawOption> =>
  leaf.extend({ options: z.array(inner).optional() });
const option = nested(nested(leaf));

export const interactionSchema = z.object({
  id: snowflake,
  application_id: snowflake,
  type: z.enum(InteractionType),
  token: z.string().min(1),
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  /** in a guild: `permissions` are the member's computed permissions in this channel */
  member: z
    .object({ permissions: z.string().regex(/^\d+$/), user: z.object({ id: snowflake }).optional() })
    .optional(),
  /** outside a guild (DMs): the invoking user */
  user: z.object({ id: snowflake }).optional(),
  data: z.object({ name: z.string(), options: z.array(option).optional() }).optional(),
});

export type Interaction = z.infer<typeof interactionSchema>;

export interface Invocation {
  command: string;
  /** `add` of `/alerts add` */
  subcommand: string | undefined;
  /** the given options of the (sub)command by name; absent options are absent */
  options: Record<string, OptionValue>;
  guildId: string | undefined;
  channelId: string | undefined;
  /** undefined outside a guild (DMs have no member) */
  permissions: bigint | undefined;
  /** the invoking Discord user (member.user in a guild, user in DMs) */
  userId: string | undefined;
}

export function invocationOf(i: Interaction): Invocation {
  let list = i.data?.options ?? [];
  let subcommand: string | undefined;
  const first = list[0];
  if (first?.type === ApplicationCommandOptionType.Subcommand) {
    subcommand = first.name;
    list = first.options ?? [];
  }
  const options: Record<string, OptionValue> = {};
  for (const o of list) if (o.value !== undefined) options[o.name] = o.value;
  return {
    command: i.data?.name ?? '',
    subcommand,
    options,
    guildId: i.guild_id,
    channelId: i.channel_id,
    permissions: i.member ? BigInt(i.member.permissions) : undefined,
    userId: i.member?.user?.id ?? i.user?.id,
  };
}
