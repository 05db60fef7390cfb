// The CLI tests run `bin/backorder.js` as users do, which runs the compiled dist/: built here once
// per test run, so a test never runs yesterday's build and a broken build fails the suite.
export default async function setup() {
  const { buildDist } = (await import('../../scripts/build.mjs' as string)) as {
    buildDist: () => Promise<void>;
  };
  await buildDist();
}
