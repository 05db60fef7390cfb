// Adapter factories for the engine, with the quirks of the 7.10 adapters worked around (the quirks
// themselves are in sqlite.ts and postgres.ts).
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

export interface EngineFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Dispose every connection the engine opened and did not dispose itself. */
  close(): Promise<void>;
}

/** Wraps connect/connectToShadowDb so each adapter gets `fix` applied and is closed exactly once. */
export function tracked(
  base: Pick<SqlMigrationAwareDriverAdapterFactory, 'provider' | 'adapterName'>,
  connect: () => Promise<SqlDriverAdapter>,
  connectToShadowDb: () => Promise<SqlDriverAdapter>,
  fix: (a: SqlDriverAdapter) => void,
): EngineFactory {
  const open = new Set<SqlDriverAdapter>();
  const track = async (make: () => Promise<SqlDriverAdapter>) => {
    const a = await make();
    fix(a);
    const dispose = a.dispose.bind(a);
    let done: Promise<void> | undefined;
    a.dispose = () => {
      open.delete(a);
      done ??= dispose();
      return done;
    };
    open.add(a);
    return a;
  };
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => track(connect),
    connectToShadowDb: () => track(connectToShadowDb),
    close: async () => {
      await Promise.allSettled([...open].map((a) => a.dispose()));
    },
  };
}
