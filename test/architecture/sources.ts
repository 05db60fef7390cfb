import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// The project's TypeScript sources and what each imports, for the tests that keep the layers apart.

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Source {
  /** path from the project root, with forward slashes */
  path: string;
  text: string;
  /** every module named by an import, export … from, or import(): relative ones resolved from the root */
  imports: string[];
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm;

function resolve(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return normalize(join(dirname(file), spec))
    .split('\\')
    .join('/');
}

/** The .ts files under `folder` (the generated Prisma client left out: it is not ours). */
export function sourcesUnder(folder: string): Source[] {
  const out: Source[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (path !== 'src/generated') walk(path);
      } else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(join(ROOT, path), 'utf8');
        const imports = [...text.matchAll(SPECIFIER)].map((m) => resolve(path, m[2] as string));
        out.push({ path, text, imports });
      }
    }
  };
  walk(relative(ROOT, join(ROOT, folder)).split('\\').join('/'));
  return out;
}

/** "file → module" for each import of `sources` that `forbidden` matches. */
export const offending = (sources: Source[], forbidden: (module: string) => boolean): string[] =>
  sources.flatMap((s) => s.imports.filter(forbidden).map((m) => `${s.path} → ${m}`));
