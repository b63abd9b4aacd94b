import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendAll, appendAt } from './collections.js';

test('appendAll takes more items than push(...items) can pass as arguments', () => {
  const many = Array.from({ length: 300_000 }, (_, i) => i);
  assert.throws(() => [0].push(...many), RangeError, 'the engine limit this works around');
  const out = appendAll([-1], many);
  assert.equal(out.length, 300_001);
  assert.deepEqual([out[0], out[1], out[300_000]], [-1, 0, 299_999]);
  assert.deepEqual(appendAll([1], new Set([2, 3])), [1, 2, 3]);
});

test('appendAt keeps one list per key and adds to it in place', () => {
  const m = new Map<string, number[]>();
  appendAt(m, 'a', [1]);
  const first = m.get('a');
  appendAt(m, 'a', [2, 3]);
  appendAt(m, 'b', new Set([4]));
  assert.equal(m.get('a'), first, 'the same list, not a copy');
  assert.deepEqual([...m], [['a', [1, 2, 3]], ['b', [4]]]);
});
