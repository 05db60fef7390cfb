// The CLI tests run `bin/backorder.js` as users do, which runs the compiled dist/: built here once
// per test run, so a test never runs yesterday's build and a broken build fails the suite. Built in
// place (not cleaned first): another test run in this checkout may be starting the CLI meanwhile.
export default async function setup() {
  const { buildDist } = (await import('../../scripts/build.mjs' as string)) as {
    buildDist: (o: { clean: boolean }) => Promise<void>;
  };
  await buildDist({ clean: false });
}
