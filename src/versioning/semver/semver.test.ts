import { test } from 'node:test';
import assert from 'node:assert/strict';
import semver from 'semver';
import { npm } from './index.js';
import { compareLoose, parseLoose } from './lenient.js';
import { failures, fixtureVectors, sharedVectors, sign } from '../testing/vectors.js';
import { makePairs, mulberry32, pick } from '../testing/random.js';

const cases: [string, '<' | '=' | '>', string][] = [
  ['1.0.0-alpha', '<', '1.0.0-alpha.1'],
  ['1.0.0-alpha.beta', '<', '1.0.0-beta'],
  ['1.0.0-beta.2', '<', '1.0.0-beta.11'],
  ['1.0.0-rc.1', '<', '1.0.0'],
  ['v1.2.3', '=', '1.2.3'],
  ['=1.2.3', '=', '1.2.3+build.5'],
  ['1.2.3beta', '<', '1.2.3'],
  ['99999999999999999999.0.0', '>', '9007199254740991.0.0'],
  ['1.2', '<', '1.2.1'],
  ['not-a-version', '<', '0.0.0'],
];

test('semver: hand-written cases', () => {
  for (const [a, op, b] of cases) {
    assert.equal(sign(npm.compare(a, b)), op === '<' ? -1 : op === '>' ? 1 : 0, `${a} ${op} ${b}`);
  }
});

test('semver: isValid is semver loose', () => {
  for (const v of ['1.2.3', 'v1.2.3', '1.2.3-rc.1+b', '=1.2.3', '1.2.3beta']) assert.ok(npm.isValid(v), v);
  for (const v of ['', '1.2', 'latest', '1.2.3.4', '^1.2.3']) assert.ok(!npm.isValid(v), v);
});

test('semver: lenient parse', () => {
  assert.deepEqual(parseLoose('v1.2.3-rc.1+sha.5'), { numbers: [1n, 2n, 3n], prerelease: ['rc', '1'], build: 'sha.5', parsed: true });
  assert.deepEqual(parseLoose('1.1.3.4.5').build, '4.5');
});

test('semver: fixture sample', () => {
  assert.deepEqual(failures(fixtureVectors('semver'), npm.compare), []);
});

test('semver: every line of the shared semver vectors', (t) => {
  const lines = sharedVectors('semver');
  if (!lines) return t.skip('shared version-vectors folder absent');
  assert.deepEqual(failures(lines, npm.compare), []);
  t.diagnostic(`${lines.length} vector lines`);
});

test('semver: lenient fallback agrees with the semver package on strictly valid pairs', (t) => {
  const rng = mulberry32(4242);
  const vectorPool = (sharedVectors('semver') ?? fixtureVectors('semver')).flatMap((l) => [l.a, l.b]);
  const ids = ['alpha', 'beta', 'rc', '0', '1', '2', '10', 'a1', 'x-y', 'RC', 'pre'];
  const synthetic = Array.from({ length: 400 }, () => {
    const core = [0, 1, 2].map(() => String(Math.floor(rng() * 12))).join('.');
    const pre = rng() < 0.6 ? '-' + Array.from({ length: 1 + Math.floor(rng() * 3) }, () => pick(rng, ids)).join('.') : '';
    return core + pre + (rng() < 0.2 ? '+build.' + Math.floor(rng() * 9) : '');
  });
  // Strictly valid versions: loose mode reads "1.2.10.0" as 1.2.1-0.0, a quirk only the library itself reproduces.
  const valid = (v: string) => semver.valid(v) !== null;
  const pairs = makePairs(rng, [...vectorPool, ...synthetic], 6000, '0123456789.-+abrv', ['-rc.1', '.0', '-0', '+b', '-alpha', '.1'], valid);
  const bad = pairs.flatMap(([a, b]) => {
    const want = semver.compare(a, b, { loose: true });
    return sign(compareLoose(a, b)) !== want ? [`${a} vs ${b}: semver ${want}`] : [];
  });
  assert.deepEqual(bad, []);
  t.diagnostic(`${pairs.length} pairs agree with the semver package`);
});
