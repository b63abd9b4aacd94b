import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nuget, parseNuget } from './index.js';
import { failures, fixtureVectors, sharedVectors, sign } from '../testing/vectors.js';

const cases: [string, '<' | '=' | '>', string][] = [
  ['1.0', '=', '1.0.0.0'],
  ['1.0.0.1', '>', '1.0.0'],
  ['1.0.0-BETA', '=', '1.0.0-beta'],
  ['1.0.0-beta.2', '<', '1.0.0-beta.10'],
  ['1.0.0-alpha', '<', '1.0.0'],
  ['1.0.0+meta', '=', '1.0.0+other'],
  ['1.0.0-1', '<', '1.0.0-a'],
];

test('nuget: hand-written cases', () => {
  for (const [a, op, b] of cases) {
    assert.equal(sign(nuget.compare(a, b)), op === '<' ? -1 : op === '>' ? 1 : 0, `${a} ${op} ${b}`);
  }
});

test('nuget: parse and isValid', () => {
  assert.deepEqual(parseNuget('1.2-Beta.3+abc'), { numbers: [1n, 2n, 0n, 0n], release: ['Beta', '3'] });
  for (const v of ['1', '1.2.3.4', '1.0.0-rc.1+b']) assert.ok(nuget.isValid(v), v);
  for (const v of ['', 'x', '1.2.3.4.5', '1.0-', '[1.0,2.0)']) assert.ok(!nuget.isValid(v), v);
});

test('nuget: every line of the nuget vectors', (t) => {
  const lines = sharedVectors('nuget') ?? fixtureVectors('nuget');
  assert.deepEqual(failures(lines, nuget.compare), []);
  t.diagnostic(`${lines.length} vector lines`);
});
