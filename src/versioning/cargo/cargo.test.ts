import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cargo } from './index.js';
import { failures, fixtureVectors, sharedVectors, sign } from '../testing/vectors.js';

const cases: [string, '<' | '=' | '>', string][] = [
  ['1.0.0-alpha', '<', '1.0.0-alpha.1'],
  ['1.0.0-alpha.1', '<', '1.0.0-alpha.beta'],
  ['1.0.0-beta.2', '<', '1.0.0-beta.11'],
  ['1.0.0-rc.1', '<', '1.0.0'],
  ['1.0.0+build.1', '=', '1.0.0+build.2'],
  ['0.10.0', '>', '0.9.9'],
  ['18446744073709551616.0.0', '>', '18446744073709551615.0.0'],
];

test('cargo: hand-written cases', () => {
  for (const [a, op, b] of cases) {
    assert.equal(sign(cargo.compare(a, b)), op === '<' ? -1 : op === '>' ? 1 : 0, `${a} ${op} ${b}`);
  }
});

test('cargo: isValid is strict SemVer 2.0', () => {
  for (const v of ['1.2.3', '0.0.0-alpha.1+b', '1.0.0-x-y-z.-']) assert.ok(cargo.isValid(v), v);
  for (const v of ['', 'v1.2.3', '1.2', '1.2.3.4', '01.2.3', '1.2.3-01', '1.2.3-']) assert.ok(!cargo.isValid(v), v);
});

test('cargo: semver vectors (valid SemVer only)', (t) => {
  const lines = (sharedVectors('semver') ?? fixtureVectors('semver')).filter((l) => cargo.isValid(l.a) && cargo.isValid(l.b));
  assert.ok(lines.length > 40);
  assert.deepEqual(failures(lines, cargo.compare), []);
  t.diagnostic(`${lines.length} vector lines`);
});
