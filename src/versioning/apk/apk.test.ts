import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apk, isValidApk, parseApk } from './index.js';
import { failures, fixtureVectors, sharedVectors, sign } from '../testing/vectors.js';
import { makePairs, mulberry32 } from '../testing/random.js';
import { hasCommand, runBatch } from '../testing/reference.js';

const cases: [string, '<' | '=' | '>', string][] = [
  ['1.2_alpha1', '<', '1.2_beta'],
  ['1.2_beta', '<', '1.2_pre1'],
  ['1.2_pre1', '<', '1.2_rc1'],
  ['1.2_rc1', '<', '1.2'],
  ['1.2', '<', '1.2_cvs'],
  ['1.2_cvs', '<', '1.2_svn'],
  ['1.2_svn', '<', '1.2_git'],
  ['1.2_git', '<', '1.2_hg'],
  ['1.2_hg', '<', '1.2_p1'],
  ['1.2', '<', '1.2-r0'],
  ['1.2-r9', '<', '1.2-r10'],
  ['1.2-r1', '=', '1.2-r01'],
  ['1.2a', '>', '1.2_p9'],
  ['1', '<', '1.0'],
  ['1.02', '<', '1.1'],
  ['1.2~abc123-r1', '=', '1.2-r1'],
  ['3.0.14-r0', '<', '3.0.15-r0'],
  ['99999999999999999999.1', '>', '99999999999999999998.9'],
];

test('apk: hand-written cases', () => {
  for (const [a, op, b] of cases) {
    assert.equal(sign(apk.compare(a, b)), op === '<' ? -1 : op === '>' ? 1 : 0, `${a} ${op} ${b}`);
  }
});

test('apk: parse and isValid', () => {
  assert.deepEqual(parseApk('1.2.3b_rc2_p1~ab12-r4'), {
    original: '1.2.3b_rc2_p1~ab12-r4',
    numbers: ['1', '2', '3'],
    letter: 'b',
    suffixes: [
      { weight: 3, number: 2n },
      { weight: 9, number: 1n },
    ],
    hash: '~ab12',
    revision: 4n,
    rest: '',
    broken: false,
  });
  for (const v of ['1', '1.2.3-r0', '6.6_p1-r2', '1.0a_git20230101']) assert.ok(isValidApk(v), v);
  for (const v of ['', 'a', '1.2_blah', '1-ruff', '1.0A', '.1', '1..2']) assert.ok(!isValidApk(v), v);
});

test('apk: fixture sample', () => {
  assert.deepEqual(failures(fixtureVectors('alpine'), apk.compare), []);
});

test('apk: every line of the shared alpine vectors', (t) => {
  const lines = sharedVectors('alpine');
  if (!lines) return t.skip('shared version-vectors folder absent');
  assert.deepEqual(failures(lines, apk.compare), []);
  t.diagnostic(`${lines.length} vector lines`);
});

test('apk: differential against apk version -t', (t) => {
  if (!hasCommand('apk')) return t.skip('apk-tools not installed (not packaged for this Debian); vectors only');
  const pool = (sharedVectors('alpine') ?? fixtureVectors('alpine')).flatMap((l) => [l.a, l.b]);
  const pairs = makePairs(mulberry32(99), pool, 1500, '0123456789._-ra', ['_rc1', '_p2', '-r1', 'a', '_alpha', '.0'], isValidApk);
  const script = `while read a b; do apk version -t "$a" "$b"; done`;
  const out = runBatch('sh', ['-c', script], pairs.map(([a, b]) => `${a} ${b}\n`).join(''));
  const map: Record<string, number> = { '<': -1, '=': 0, '>': 1 };
  const bad = pairs.flatMap(([a, b], i) => (sign(apk.compare(a, b)) !== map[out[i]] ? [`${a} vs ${b}: apk ${out[i]}`] : []));
  assert.deepEqual(bad, []);
  t.diagnostic(`${pairs.length} pairs agree with apk`);
});
