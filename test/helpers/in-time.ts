// Time bounds for the tests that guard against super-linear parsing. node:test's `timeout` cannot stop synchronous
// code: a parse that overruns it and then returns passes (a quadratic parser that takes two minutes would not fail).
// The bound is many times what the linear code takes, and far below what the super-linear code took.
import assert from 'node:assert/strict';

/** `fn` as a test body that fails when it runs longer than `ms` (awaited when it returns a promise). */
export function inTime<A extends unknown[]>(ms: number, fn: (...args: A) => unknown): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const start = performance.now();
    await fn(...args);
    const took = performance.now() - start;
    assert.ok(took < ms, `took ${Math.round(took)} ms, more than the ${ms} ms a linear reading needs at most`);
  };
}
