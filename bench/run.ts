import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run bench [name…]`: runs every bench/*.bench.ts (or the named ones) one after the other.
const dir = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
console.log(`node ${process.version}, ${files.length} benchmark file(s); figures are medians unless stated`);
for (const f of files) {
  const mod = (await import(join(dir, f))) as { default: () => Promise<void> };
  await mod.default();
}
