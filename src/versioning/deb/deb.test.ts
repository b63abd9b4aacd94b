import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deb, isValidDeb } from './index.js';
import { failures, fixtureVectors, sharedVectors, sign } from '../testing/vectors.js';
import { makePairs, mulberry32 } from '../testing/random.js';
import { hasCommand, runBatch } from '../testing/reference.js';

const cases: [string, '<' | '=' | '>', string][] = [
  ['1.0~rc1', '<', '1.0'],
  ['1.0~~', '<', '1.0~'],
  ['1.0', '<', '1.0a'],
  ['1.0a', '<', '1.0+'],
  ['1.0', '=', '0:1.0-0'],
  ['1:0.1', '>', '9.9'],
  ['1.2.3-1~deb7u1', '<', '1.2.3-1'],
  ['2.30-1', '>', '2.4-1'],
  ['1.0-1', '<', '1.0-1.1'],
  ['1.0-1ubuntu1', '>', '1.0-1'],
  ['7.6p2-4', '>', '7.6-0'],
  ['1.0-3', '<', '1.0-a'],
  ['00001', '=', '1'],
];

test('deb: hand-written cases', () => {
  for (const [a, op, b] of cases) {
    assert.equal(sign(deb.compare(a, b)), op === '<' ? -1 : op === '>' ? 1 : 0, `${a} ${op} ${b}`);
  }
});

test('deb: isValid follows dpkg syntax rules', () => {
  for (const v of ['1.0', '1:2.3-4', '2.7.4+reloaded2-13+deb9u1', '1.0~rc1-1', '1-2-3']) assert.ok(isValidDeb(v), v);
  for (const v of ['', 'a1.0', '1.0-', 'x:1.0', '1.0 ', '1.0-1_2', ':1.0']) assert.ok(!isValidDeb(v), v);
});

test('deb: fixture sample', () => {
  assert.deepEqual(failures(fixtureVectors('debian'), deb.compare), []);
});

test('deb: every line of the shared debian vectors', (t) => {
  const lines = sharedVectors('debian');
  if (!lines) return t.skip('shared version-vectors folder absent');
  assert.deepEqual(failures(lines, deb.compare), []);
  t.diagnostic(`${lines.length} vector lines`);
});

function debPairs(count: number, seed: number): [string, string][] {
  const pool = (sharedVectors('debian') ?? fixtureVectors('debian')).flatMap((l) => [l.a, l.b]);
  return makePairs(mulberry32(seed), pool, count, '0123456789.+~-:abzAZ', ['~', '~rc1', '+b1', '-1', '.0', 'a', '+dfsg', '1:', '-0'], isValidDeb);
}

test('deb: differential against dpkg --compare-versions', (t) => {
  if (!hasCommand('dpkg')) return t.skip('dpkg not installed');
  const pairs = debPairs(1500, 20240601);
  const dir = mkdtempSync(join(tmpdir(), 'drydock-deb-'));
  try {
    const file = join(dir, 'pairs');
    writeFileSync(file, pairs.map(([a, b]) => `${a} ${b}\n`).join(''));
    // One shell runs the whole batch; dpkg itself is the reference.
    const script = `while read a b; do if dpkg --compare-versions "$a" lt "$b"; then echo -1; elif dpkg --compare-versions "$a" gt "$b"; then echo 1; else echo 0; fi; done < "$1"`;
    const out = runBatch('sh', ['-c', script, 'sh', file], '');
    assert.equal(out.length, pairs.length);
    const bad = pairs.filter(([a, b], i) => sign(deb.compare(a, b)) !== Number(out[i])).map(([a, b], i) => `${a} vs ${b}`);
    assert.deepEqual(bad, []);
    t.diagnostic(`${pairs.length} pairs agree with dpkg`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('deb: differential against Dpkg::Version (libdpkg-perl)', (t) => {
  if (runBatchOk() === false) return t.skip('perl Dpkg::Version not available');
  const pairs = debPairs(8000, 7);
  const script = 'use Dpkg::Version; while (<STDIN>) { chomp; my ($a, $b) = split / /; print version_compare($a, $b), "\\n"; }';
  const out = runBatch('perl', ['-e', script], pairs.map(([a, b]) => `${a} ${b}\n`).join(''));
  assert.equal(out.length, pairs.length);
  const bad = pairs.flatMap(([a, b], i) => (sign(deb.compare(a, b)) !== sign(Number(out[i])) ? [`${a} vs ${b}: ref ${out[i]}`] : []));
  assert.deepEqual(bad, []);
  t.diagnostic(`${pairs.length} pairs agree with Dpkg::Version`);
});

function runBatchOk(): boolean {
  try {
    runBatch('perl', ['-MDpkg::Version', '-e', '1'], '');
    return true;
  } catch {
    return false;
  }
}
