import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root (the folder of package.json), found from this module's own place: the same
 * answer whether the TypeScript runs from src/ or the compiled build from dist/, and whatever the
 * caller's working directory. Templates, locales and migrations are read from there.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** templates/<channel>/<kind>.hbs: one folder per platform that notifications go to */
export const SHIPPED_TEMPLATES = join(PROJECT_ROOT, 'templates');
