import { AsyncLocalStorage } from 'node:async_hooks';

/** Marks code running inside one of our transactions (`Db.tx`), which the SQLite connection lets through. */
export const insideTx = new AsyncLocalStorage<true>();
