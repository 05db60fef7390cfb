// Building the memory index takes seconds; the process meanwhile serves bots and HTTP. Long loops
// check every few thousand rows whether they have held the event loop for long, and give it a turn.

const SLICE_MS = 15;

export function slicer(): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    const now = performance.now();
    if (now - since < SLICE_MS) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}
