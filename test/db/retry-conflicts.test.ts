import { expect, it } from 'vitest';
import { retryConflicts } from '../../src/db/client.ts';

// A deadlock's victim or a serialization failure changed nothing: the statement or transaction is
// made again. Anything else is thrown at once.

const failing = (errors: Error[], value = 'done') => {
  let calls = 0;
  const fn = async () => {
    const e = errors[calls++];
    if (e) throw e;
    return value;
  };
  return { fn, calls: () => calls };
};

it('makes a statement again after a deadlock and a serialization failure', async () => {
  const f = failing([
    new Error('Raw query failed. Code: `40P01`. Message: `deadlock detected`'),
    new Error('could not serialize access due to concurrent update'),
  ]);
  expect(await retryConflicts(f.fn)).toBe('done');
  expect(f.calls()).toBe(3);
});

it('throws any other error at once', async () => {
  const f = failing([new Error('relation "Backorder" does not exist')]);
  await expect(retryConflicts(f.fn)).rejects.toThrow(/does not exist/);
  expect(f.calls()).toBe(1);
});

it('gives up after five attempts', async () => {
  const f = failing(Array.from({ length: 6 }, () => new Error('deadlock detected')));
  await expect(retryConflicts(f.fn)).rejects.toThrow(/deadlock detected/);
  expect(f.calls()).toBe(5);
});
