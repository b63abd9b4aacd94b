import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gt, lt, valid } from '@renovatebot/ruby-semver';
import { canonicalSegments, gem } from './index.js';
import { failures, fixtureVectors, sharedVectors, sign } from '../testing/vectors.js';
import { makePairs, mulberry32 } from '../testing/random.js';
import { inTime } from '../../../test/helpers/in-time.js';

const cases: [string, '<' | '=' | '>', string][] = [
  ['1.0.0', '=', '1'],
  ['1.0.a', '<', '1.0'],
  ['1.0.0.pre1', '<', '1.0.0'],
  ['1.0-1', '=', '1.0.pre.1'],
  ['3.10', '>', '3.2'],
  ['1.0.b1', '>', '1.0.a2'],
  ['1.0.a10', '>', '1.0.a9'],
  ['1.0.rc1', '>', '1.0.beta2'],
];

test('gem: hand-written cases', () => {
  for (const [a, op, b] of cases) {
    assert.equal(sign(gem.compare(a, b)), op === '<' ? -1 : op === '>' ? 1 : 0, `${a} ${op} ${b}`);
  }
});

test('gem: canonical segments and isValid', () => {
  assert.deepEqual(canonicalSegments('1.0.0.a.0.1'), [1n, 'a', 0n, 1n]);
  assert.deepEqual(canonicalSegments('2.0.0.0'), [2n]);
  for (const v of ['1', '1.0.a', '1.2.3-rc1', ' 1.0 ']) assert.ok(gem.isValid(v), v);
  for (const v of ['', 'a', '1..0', '1.0_1']) assert.ok(!gem.isValid(v), v);
});

test('gem: fixture sample', () => {
  assert.deepEqual(failures(fixtureVectors('rubygems'), gem.compare), []);
});

test('gem: every line of the shared rubygems vectors', (t) => {
  const lines = sharedVectors('rubygems');
  if (!lines) return t.skip('shared version-vectors folder absent');
  assert.deepEqual(failures(lines, gem.compare), []);
  t.diagnostic(`${lines.length} vector lines`);
});

// No ruby on this machine: @renovatebot/ruby-semver is a port of Gem::Version, used as a second opinion.
test('gem: differential against @renovatebot/ruby-semver', (t) => {
  const pool = (sharedVectors('rubygems') ?? fixtureVectors('rubygems')).flatMap((l) => [l.a, l.b]);
  // below 2^53: the port uses JS numbers
  const ok = (v: string) => !!valid(v) && gem.isValid(v) && !/\d{16}/.test(v);
  const pairs = makePairs(mulberry32(2718), pool, 5000, '0123456789.-abrp', ['.pre', '.rc1', '-1', '.0', 'a', '.beta2', '.0.0'], ok);
  const bad = pairs.flatMap(([a, b]) => {
    const want = lt(a, b) ? -1 : gt(a, b) ? 1 : 0;
    return gem.compare(a, b) !== want ? [`${a} vs ${b}: ruby-semver ${want}`] : [];
  });
  assert.deepEqual(bad, []);
  t.diagnostic(`${pairs.length} pairs agree with @renovatebot/ruby-semver`);
});

test('gem isValid: blanks around a version are read in linear time (\\s* at both ends was quadratic)', { timeout: 20_000 }, inTime(10_000, () => {
  assert.equal(gem.isValid('\t'.repeat(400_000) + '.'), false);
  assert.equal(gem.isValid('  1.2.3-rc.1 \n'), true);
}));
