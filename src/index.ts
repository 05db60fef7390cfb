// The core's public surface: bots and other adapters import from here only.
export type { Clock } from './clock.ts';
export { DAY, fixedClock, HOUR, MINUTE, systemClock } from './clock.ts';
export type { Config } from './config.ts';
export { loadConfig } from './config.ts';
export type { Core, CoreDeps } from './core.ts';
export { createCore } from './core.ts';
export type { Db } from './db/client.ts';
export { createDb } from './db/client.ts';
export { displayName, parseDomainName } from './domain/domain-name.ts';
export { formatAmount, parseAmount } from './domain/money.ts';
export type { Status } from './domain/status.ts';
export { isOpen, OPEN_STATUSES, STATUSES } from './domain/status.ts';
export * from './errors.ts';
export type { HttpServer, RouteHandler } from './http/server.ts';
export type { Logger } from './log.ts';
export { createLogger, silentLogger } from './log.ts';
