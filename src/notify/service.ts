import { join } from 'node:path';
import type { Config } from '../config.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { createI18n, type I18n } from './i18n.ts';
import { createRenderer, type Renderer } from './templates.ts';

// What the core offers the edges for words: the strings of every language and the compiled
// templates. Loaded on first use, once, so CLI commands that never speak to a person pay nothing.

export const SHIPPED_LOCALES = join(PROJECT_ROOT, 'locales');

export interface NotifyService {
  readonly i18n: I18n;
  readonly renderer: Renderer;
}

export function notifyService(config: Pick<Config, 'TEMPLATES_DIR' | 'DEFAULT_LANGUAGE'>): NotifyService {
  let i18n: I18n | undefined;
  let renderer: Renderer | undefined;
  return {
    get i18n() {
      i18n ??= createI18n({ dir: SHIPPED_LOCALES, fallback: config.DEFAULT_LANGUAGE });
      return i18n;
    },
    get renderer() {
      renderer ??= createRenderer({ i18n: this.i18n, overrideDir: config.TEMPLATES_DIR });
      return renderer;
    },
  };
}
