import type { StorageAdapter } from 'grammy';
import type { Core } from '../../src/index.ts';
import { awaitingSchema, type SessionData } from './context.ts';

// grammY's session storage on the core's chat state: a question asked by one instance is answered
// on whichever instance the next update reaches. grammY writes the session back after every update
// that looked at it, which is every update here; the storage writes only what changed since it read
// (per-chat updates run one at a time), so an ordinary command costs one read and no write.

const PREFIX = 'telegram:';

export function databaseSessions(core: Pick<Core, 'chatState'>, ttlMs: number): StorageAdapter<SessionData> {
  const seen = new Map<string, string | undefined>();
  const parse = (json: string): SessionData | undefined => {
    try {
      const awaiting = awaitingSchema.safeParse(JSON.parse(json).awaiting);
      return awaiting.success ? { awaiting: awaiting.data } : undefined;
    } catch {
      return undefined;
    }
  };
  const store = async (key: string, json: string | undefined) => {
    const had = seen.get(key);
    const known = seen.has(key);
    seen.delete(key);
    if (known && had === json) return;
    if (json === undefined) await core.chatState.remove(PREFIX + key);
    else await core.chatState.write(PREFIX + key, json, ttlMs);
  };
  return {
    async read(key) {
      const json = await core.chatState.read(PREFIX + key);
      const value = json === undefined ? undefined : parse(json);
      seen.set(key, value ? json : undefined);
      return value;
    },
    write: (key, value) => store(key, value.awaiting ? JSON.stringify(value) : undefined),
    delete: (key) => store(key, undefined),
  };
}
