// Loading the schema engine: lazy (5 MB of WASM, only when migrating) and once per process.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: object,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
let glue: Promise<Glue> | undefined;
let lastPanic = '';
const engineTimers = new Set<NodeJS.Timeout>();
let activeEngines = 0;

export function loadEngine(): Promise<Glue> {
  glue ??= (async () => {
    // The package's entry imports the .wasm file bundler-style, which Node cannot do: instantiate it
    // ourselves with the wasm-bindgen glue module as the import object.
    const mod = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = join(
      dirname(createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
      'schema_engine_bg.wasm',
    );
    // The glue reports Rust panics through this global; without it a panic becomes a TypeError.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (m) => {
        lastPanic = m;
      },
    };
    // The engine races its PostgreSQL advisory lock against a 10 s timer it never cancels, which keeps
    // a CLI process alive for 10 s after migrating: remember its timers, cleared once it is idle.
    const imports: Record<string, unknown> = { ...mod };
    for (const key of Object.keys(mod).filter((k) => k.startsWith('__wbg_setTimeout_'))) {
      imports[key] = (fn: () => void, ms: number) => {
        const t = setTimeout(() => {
          engineTimers.delete(t);
          fn();
        }, ms >>> 0);
        engineTimers.add(t);
        return t;
      };
    }
    // Our lib setting has no DOM types, hence no WebAssembly value type: describe the one call we make.
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const { instance } = await wasm.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': imports,
    });
    mod.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return mod;
  })();
  glue.catch(() => {
    glue = undefined; // let the next call retry
  });
  return glue;
}

/** The last panic's message, once: the next error must not be blamed on it again. */
export function takePanic(): string {
  const panic = lastPanic;
  lastPanic = '';
  return panic;
}

/** Counts fn as a user of the engine: its leftover timers (see loadEngine) go once the last user is done. */
export async function whileEngineRuns<T>(fn: () => Promise<T>): Promise<T> {
  activeEngines++;
  try {
    return await fn();
  } finally {
    if (--activeEngines === 0) {
      for (const t of engineTimers) clearTimeout(t);
      engineTimers.clear();
    }
  }
}
