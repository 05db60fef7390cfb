import { join } from 'node:path';
import type { Config } from '../config.ts';
import { PROJECT_ROOT } from '../paths.ts';
import type { ChannelSpec } from './channel.ts';
import { createI18n, type I18n } from './i18n.ts';
import { createRenderer, type Renderer } from './templates.ts';

// What the core offers the edges for words: the strings of every language (loaded on first use,
// once, so CLI commands that never speak to a person pay nothing) and the templates of the
// channels a dispatcher sends on.

export const SHIPPED_LOCALES = join(PROJECT_ROOT, 'locales');

export interface NotifyService {
  readonly i18n: I18n;
  /** the templates of these channels (TEMPLATES_DIR applied), compiled and checked now */
  templates(channels: ReadonlyArray<Pick<ChannelSpec, 'name' | 'format' | 'audiences'>>): Renderer;
}

export function notifyService(config: Pick<Config, 'TEMPLATES_DIR' | 'DEFAULT_LANGUAGE'>): NotifyService {
  let i18n: I18n | undefined;
  return {
    get i18n() {
      i18n ??= createI18n({ dir: SHIPPED_LOCALES, fallback: config.DEFAULT_LANGUAGE });
      return i18n;
    },
    templates(channels) {
      return createRenderer({ i18n: this.i18n, channels, overrideDir: config.TEMPLATES_DIR });
    },
  };
}
