import type { Command } from './command.ts';

export const dbCommands: Command[] = [
  {
    path: ['db', 'migrate'],
    summary: 'apply pending database migrations',
    async run(ctx) {
      const { migrateDatabase } = await import('../../src/db/migrate.ts');
      const { applied } = await migrateDatabase(ctx.config.DATABASE_URL);
      ctx.emit({ applied });
      ctx.say(
        applied.length
          ? `applied ${applied.length} migration(s): ${applied.join(', ')}`
          : 'database is up to date',
      );
      return 0;
    },
  },
  {
    path: ['db', 'status'],
    summary: 'show applied and pending migrations',
    async run(ctx) {
      const { migrationStatus } = await import('../../src/db/migrate.ts');
      const status = await migrationStatus(ctx.config.DATABASE_URL);
      ctx.emit(status);
      ctx.say(
        `applied: ${status.applied.length}, pending: ${status.pending.length}${status.pending.length ? ` (${status.pending.join(', ')})` : ''}`,
      );
      return status.pending.length ? 1 : 0;
    },
  },
];
