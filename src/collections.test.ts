import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendAll } from './collections.js';

test('appendAll takes more items than push(...items) can pass as arguments', () => {
  const many = Array.from({ length: 300_000 }, (_, i) => i);
  assert.throws(() => [0].push(...many), RangeError, 'the engine limit this works around');
  const out = appendAll([-1], many);
  assert.equal(out.length, 300_001);
  assert.deepEqual([out[0], out[1], out[300_000]], [-1, 0, 299_999]);
  assert.deepEqual(appendAll([1], new Set([2, 3])), [1, 2, 3]);
});
