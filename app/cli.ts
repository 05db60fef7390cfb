import { parseArgs } from 'node:util';
import { type Clock, systemClock } from '../src/clock.ts';
import type { Core } from '../src/core.ts';
import { isDomainError, isRefusal, UsageError } from '../src/errors.ts';
import type { Runtime } from '../src/runtime.ts';
import type { Command, CommandContext } from './cli/command.ts';
import { commands } from './cli/commands.ts';
import { toJson } from './cli/output.ts';

// `backorder <command>`: exit 0 done, 1 failed, 2 bad usage or bad input.

const BIN = 'backorder';

function synopsis(c: Command): string {
  return `${BIN} ${c.path.join(' ')}${c.usage ? ` ${c.usage}` : ''}`;
}

function overview(prefix: string[] = []): string {
  const list = commands.filter((c) => prefix.every((p, i) => c.path[i] === p));
  return [
    `Usage: ${BIN} <command> [options]   (--help on any command, --json for machine-readable output)`,
    'Exit codes: 0 done, 1 failed, 2 bad usage or bad input.',
    '',
    ...list.map((c) => `  ${synopsis(c)}\n      ${c.summary}`),
  ].join('\n');
}

function find(argv: string[]): { command: Command; rest: string[] } | undefined {
  let best: { command: Command; rest: string[] } | undefined;
  for (const command of commands) {
    const n = command.path.length;
    if (command.path.every((p, i) => argv[i] === p) && (!best || n > best.command.path.length)) {
      best = { command, rest: argv.slice(n) };
    }
  }
  return best;
}

export async function runCli(argv: string[], io: { clock?: Clock } = {}): Promise<number> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const err = (s: string) => process.stderr.write(`${s}\n`);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    out(overview());
    return argv.length === 0 ? 2 : 0;
  }
  const found = find(argv);
  if (!found) {
    const group = commands.some((c) => c.path[0] === argv[0]);
    if (group && argv.length === 2 && (argv[1] === '--help' || argv[1] === '-h')) {
      out(overview([argv[0]!]));
      return 0;
    }
    const sub = argv[1] !== undefined && !argv[1].startsWith('-') ? argv[1] : undefined;
    err(
      group
        ? `${BIN}: ${sub ? `unknown sub-command "${argv[0]} ${sub}"` : `"${argv[0]}" needs a sub-command`}`
        : `${BIN}: unknown command "${argv[0]}"`,
    );
    err(group ? overview([argv[0]!]) : `Run "${BIN} --help" for the list of commands.`);
    return 2;
  }
  const { command, rest } = found;
  let runtime: Runtime | undefined;
  try {
    const negative = rest.find((a) => /^-\d/.test(a));
    if (negative)
      throw new UsageError(`"${negative}" is negative: amounts and numbers here must be positive`);
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...command.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      out(
        [`Usage: ${synopsis(command)}`, '', command.summary, command.help ? `\n${command.help}` : '']
          .join('\n')
          .trimEnd(),
      );
      return 0;
    }
    const { min = 0, max = 0 } = command.positionals ?? {};
    if (positionals.length < min)
      throw new UsageError(
        `missing argument${min - positionals.length > 1 ? 's' : ''}: ${synopsis(command)}`,
      );
    if (positionals.length > max)
      throw new UsageError(`unexpected argument "${positionals[max]}": ${synopsis(command)}`);
    // Config (zod) and the logger (pino) load once a command is going to run: not for --help.
    const [{ loadConfig }, { createLogger }, { secretsOf }] = await Promise.all([
      import('../src/config.ts'),
      import('../src/log.ts'),
      import('../src/secrets.ts'),
    ]);
    const config = loadConfig();
    const log = createLogger({
      level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
      secrets: secretsOf(config),
    });
    const json = values.json === true;
    let core: Promise<Core> | undefined;
    const ctx: CommandContext = {
      config,
      log,
      clock: io.clock ?? systemClock,
      json,
      core: (clock) => {
        // The core (Prisma, the registrar, handlebars…) loads only for commands that use it.
        core ??= import('../src/runtime.ts')
          .then(({ openRuntime }) => openRuntime({ config, log, clock: clock ?? io.clock ?? systemClock }))
          .then((r) => {
            runtime = r;
            return r.core;
          });
        return core;
      },
      say: (s) => {
        if (!json) out(s);
      },
      emit: (v) => {
        if (json) out(toJson(v));
      },
    };
    const code = await command.run(ctx, { values, positionals });
    return code ?? 0;
  } catch (e) {
    // ConfigError, by its code: config.ts is loaded only once a command runs.
    if ((e as { code?: unknown })?.code === 'CONFIG_INVALID') {
      err((e as Error).message);
      return 2;
    }
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (usage) {
      err(`${BIN}: ${(e as Error).message}`);
      err(`Usage: ${synopsis(command)}`);
      return 2;
    }
    if (isDomainError(e)) {
      err(`${BIN}: ${e.message}`);
      return isRefusal(e) ? 2 : 1;
    }
    err(`${BIN}: failed: ${(e as Error)?.message ?? e}`);
    return 1;
  } finally {
    await runtime?.close();
  }
}
