import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { failedRow, printTable, type Row } from './report.ts';
import { type Scenario, scenarios } from './scenarios/index.ts';

// `npm run chaos [-- --short] [--only NAME,NAME]`: the reliability proof. Each scenario runs real
// parts (the service as `npm start` runs it, the CLI, a private PostgreSQL cluster, loopback fakes
// of the platforms and the registrar with fault switches), makes trouble and reports figures. The
// table at the end says what held; the exit code is 1 when anything was lost, sent twice, or a
// check failed. `--short` (CI) shortens outages, storms and the soak, not what is checked.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

const args = process.argv.slice(2);
const short = args.includes('--short') || process.env.CHAOS_SHORT === '1';
const onlyArg = args.find((a) => a.startsWith('--only'));
const onlyList = onlyArg?.includes('=') ? onlyArg.split('=')[1] : onlyArg && args[args.indexOf(onlyArg) + 1];
const only = onlyList?.split(',').filter(Boolean);

const chosen: Scenario[] = only ? scenarios.filter((s) => only.includes(s.name)) : scenarios;
if (only && chosen.length !== only.length) {
  process.stderr.write(`unknown scenario; the scenarios are: ${scenarios.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}

// The service runs compiled, as `npm start` runs it: build it from the sources of this checkout.
execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });

const rows: Row[] = [];
const started = Date.now();
for (const scenario of chosen) {
  process.stdout.write(`\n== ${scenario.name}: ${scenario.title}\n`);
  const t0 = Date.now();
  try {
    const got = await scenario.run({ short, log: (s) => process.stdout.write(`   ${s}\n`) });
    rows.push(...got);
  } catch (error) {
    rows.push(failedRow(scenario.name, error));
  }
  process.stdout.write(`   (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
}

process.stdout.write(
  `\nchaos${short ? ' (short)' : ''}: ${((Date.now() - started) / 1000).toFixed(0)} s\n\n`,
);
printTable(rows, (s) => process.stdout.write(s));
const failed = rows.filter((r) => !r.ok);
process.stdout.write(
  failed.length === 0
    ? `\nall ${rows.length} checks held: nothing lost, nothing sent twice\n`
    : `\n${failed.length} of ${rows.length} checks FAILED\n`,
);
process.exit(failed.length === 0 ? 0 : 1);
