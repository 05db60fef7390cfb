import { defineConfig } from 'vitest/config';

// Tests run with a non-UTC zone: the product must never depend on the process's time zone.
const TZ = 'America/New_York';

export default defineConfig({
  test: {
    globalSetup: ['test/setup/build.ts'],
    pool: 'forks',
    // Many tests wait on child processes, HTTP and timers: more files at once than cores.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'all', include: ['test/**/*.test.ts'], env: { TZ } } },
      // The lifecycle scenarios once more with REGISTRAR=cnr: our CNR client on the wire to the CNR
      // gateway fake plays the registrar (test/lifecycle/world.ts).
      {
        extends: true,
        test: {
          name: 'lifecycle on cnr',
          include: ['test/lifecycle/**/*.test.ts'],
          env: { TZ, TEST_REGISTRAR: 'cnr' },
        },
      },
    ],
  },
});
