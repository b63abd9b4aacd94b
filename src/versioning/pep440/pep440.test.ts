import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pep440, parsePep440 } from './index.js';
import { failures, fixtureVectors, sharedVectors, sign } from '../testing/vectors.js';
import { makePairs, mulberry32 } from '../testing/random.js';
import { hasCommand, runBatch } from '../testing/reference.js';

const cases: [string, '<' | '=' | '>', string][] = [
  ['1.0.dev0', '<', '1.0a0'],
  ['1.0a1', '<', '1.0b1'],
  ['1.0b1', '<', '1.0rc1'],
  ['1.0rc1', '=', '1.0c1'],
  ['1.0rc1', '<', '1.0'],
  ['1.0', '<', '1.0.post1'],
  ['1.0.post1.dev1', '<', '1.0.post1'],
  ['1.0', '=', '1.0.0'],
  ['1.0', '<', '1.0+local'],
  ['1!0.1', '>', '99.0'],
  ['1.0-1', '=', '1.0.post1'],
  ['V1.0', '=', '1.0'],
  ['12345678901234567890', '>', '12345678901234567889'],
  ['not-pep440', '<', '0.0.1'],
];

test('pep440: hand-written cases', () => {
  for (const [a, op, b] of cases) {
    assert.equal(sign(pep440.compare(a, b)), op === '<' ? -1 : op === '>' ? 1 : 0, `${a} ${op} ${b}`);
  }
});

test('pep440: parse and isValid', () => {
  assert.deepEqual(parsePep440('1!2.3rc4.post5.dev6+Ubuntu.7'), { epoch: 1n, release: [2n, 3n], pre: ['rc', 4n], post: 5n, dev: 6n, local: ['ubuntu', 7n] });
  for (const v of ['1', '1.0a1', '2012.10', '1.0.post1', 'v1.0']) assert.ok(pep440.isValid(v), v);
  for (const v of ['', 'abc', '1.0-bulbasaur', '1.0+', '1..0']) assert.ok(!pep440.isValid(v), v);
});

test('pep440: fixture sample', () => {
  assert.deepEqual(failures(fixtureVectors('pypi'), pep440.compare), []);
});

test('pep440: every line of the shared pypi vectors', (t) => {
  const lines = sharedVectors('pypi');
  if (!lines) return t.skip('shared version-vectors folder absent');
  assert.deepEqual(failures(lines, pep440.compare), []);
  t.diagnostic(`${lines.length} vector lines`);
});

const PY = `import sys
try:
    from packaging.version import Version
except ImportError:
    from pip._vendor.packaging.version import Version
for line in sys.stdin:
    a, b = line.rstrip("\\n").split("\\t")
    x, y = Version(a), Version(b)
    print(-1 if x < y else 1 if x > y else 0)
`;

test('pep440: differential against Python packaging.version', (t) => {
  if (!hasCommand('python3')) return t.skip('python3 not installed');
  try {
    runBatch('python3', ['-c', 'try:\n  import packaging.version\nexcept ImportError:\n  import pip._vendor.packaging.version'], '');
  } catch {
    return t.skip('python packaging not importable');
  }
  const pool = (sharedVectors('pypi') ?? fixtureVectors('pypi')).flatMap((l) => [l.a, l.b]);
  const pairs = makePairs(mulberry32(440), pool, 6000, '0123456789.-_!+abcrv', ['a1', 'b2', 'rc1', '.post1', '.dev0', '+local.1', '1!', '.0', '-1', 'pre', 'c'], pep440.isValid);
  const out = runBatch('python3', ['-c', PY], pairs.map(([a, b]) => `${a}\t${b}\n`).join(''));
  assert.equal(out.length, pairs.length);
  const bad = pairs.flatMap(([a, b], i) => (sign(pep440.compare(a, b)) !== Number(out[i]) ? [`${a} vs ${b}: python ${out[i]}`] : []));
  assert.deepEqual(bad, []);
  t.diagnostic(`${pairs.length} pairs agree with packaging`);
});
