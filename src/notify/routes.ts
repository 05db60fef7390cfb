import type { Audience } from './outbox.ts';

// Where the events that belong to no customer go. Each adapter derives its routes from its own
// settings (a staff alert channel, a community webhook) and hands them to the dispatcher, so the
// core's expansion names no platform. Routes follow the configuration, not the adapters running in
// this process: rows for a channel nobody here can send on wait in the database for a process that can.

export interface Route {
  audience: Exclude<Audience, 'CUSTOMER'>;
  /** the channel (platform) name */
  channel: string;
  /** fixed recipients on that channel */
  recipients: readonly string[];
  /** also every chat of that platform that has alert rules of its own (WatchRule with a channelId) */
  ruleChannels?: boolean;
}
