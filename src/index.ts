// The core's public surface: bots and other adapters import from here only.
export { writeLog } from './audit/audit-log.ts';
export { CANCEL_REASON_MAX, type CancelRule, cancelRule, mayCancel } from './backorders/cancel.ts';
export { finalizationOf } from './backorders/finalization.ts';
export type { Clock } from './clock.ts';
export { DAY, fixedClock, HOUR, MINUTE, systemClock, utcText } from './clock.ts';
export type { Config } from './config.ts';
export { loadConfig } from './config.ts';
export type { Core, CoreDeps } from './core.ts';
export { createCore } from './core.ts';
export {
  LINK_CODE_TTL_MS,
  LINK_FAILURE_WINDOW_MS,
  LINK_FAILURES_MAX,
} from './customers/linking.ts';
export type { Db } from './db/client.ts';
export { openDb } from './db/client.ts';
export { isDatabaseUnavailable } from './db/unavailable.ts';
export { displayName, normaliseZone, parseDomainName } from './domain/domain-name.ts';
export { formatAmount, formatMoney, parseAmount } from './domain/money.ts';
export type { Status } from './domain/status.ts';
export {
  CANCELLABLE_STATUSES,
  isOpen,
  OPEN_STATUSES,
  STALE_AFTER_DROP_MS,
  STATUSES,
} from './domain/status.ts';
export type { LastImport } from './droplist/service.ts';
export * from './errors.ts';
export type { HttpRequest, HttpResponse, HttpServer, RouteHandler } from './http/server.ts';
export { jobDefinitions } from './jobs/definitions.ts';
export { nextRun } from './jobs/scheduler.ts';
export type { Logger } from './log.ts';
export { createLogger, silentLogger } from './log.ts';
export { BOT_REPLY_SECONDS } from './metrics.ts';
export type {
  ChannelLimits,
  ChannelSpec,
  Format,
  NotificationChannel,
  OutgoingMessage,
  SendResult,
} from './notify/channel.ts';
export { ESCAPE, mrkdwnCode } from './notify/escape.ts';
export type { I18n } from './notify/i18n.ts';
export { type Audience, enqueue } from './notify/outbox.ts';
export type { Route } from './notify/routes.ts';
export { layout } from './notify/split.ts';
export { PROJECT_ROOT } from './paths.ts';
export { RegistrantContact } from './registrar/contact.ts';
export type { DropDay, SearchQueryInput, SearchResult } from './search/query.ts';
export { type AfterImportResult, afterImport } from './watch/after-import.ts';
export { enqueueWatchMatches } from './watch/matches.ts';
export { notableNames } from './watch/notable.ts';
export { type WatchRule, watchRules } from './watch/rules.ts';
export { type SavedQuery, savedQuerySchema } from './watch/saved-query.ts';
