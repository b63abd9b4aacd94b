// Every registered scheme honours the VersionScheme contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, getScheme, schemeIds } from './index.js';
import { mulberry32, mutate } from './testing/random.js';

const samples: Record<string, string[]> = {
  deb: ['1.0', '1:1.0-1', '1.0~rc1-1', '2.7.4+reloaded2-13+deb9u1', '0.9'],
  rpm: ['1.0', '1:1.0-1.el8', '1.0~rc1', '1.0^git1-2', '0.9'],
  apk: ['1.0', '1.0-r1', '1.0_rc1-r0', '1.0a_p2', '0.9'],
  maven: ['1.0', '1.0-SNAPSHOT', '1.0.Final', '1.0-M1', '0.9'],
  semver: ['1.0.0', '1.0.0-rc.1', 'v2.0.0', '1.0.0+build', '0.9.0'],
  pep440: ['1.0', '1.0a1', '1.0.post1', '1!0.5', '0.9'],
  go: ['v1.0.0', 'v0.0.0-20191109021931-daa7c04131f5', 'v2.0.0+incompatible', '1.2.3', 'v0.9.0'],
  gem: ['1.0', '1.0.pre', '1.0.0.rc1', '2.0', '0.9'],
  nuget: ['1.0', '1.0.0.1', '1.0.0-beta', '2.0.0+meta', '0.9'],
  composer: ['1.0.0', 'v1.0.0-beta2', '1.0-dev', '1.0.0-patch1', '0.9'],
  cargo: ['1.0.0', '1.0.0-alpha.1', '2.0.0', '1.0.0+b', '0.9.0'],
};

const junk = ['', ' ', 'latest', '*', '^1.2', '>=1.0', '\u00e9\u00e9', '💥', '::', '--', '..', '~', '^', '_', '+', '[1.0,2.0)', 'NaN', 'null', '\t'];

test('contract: every built-in scheme is registered with samples', () => {
  assert.deepEqual([...schemeIds()].sort(), Object.keys(samples).sort());
  for (const id of schemeIds()) assert.equal(getScheme(id)?.id, id);
});

test('contract: valid samples, reflexive and antisymmetric compare', () => {
  for (const id of schemeIds()) {
    const s = getScheme(id)!;
    for (const v of samples[id]) {
      assert.ok(s.isValid(v), `${id}: ${v} should be valid`);
      assert.equal(s.compare(v, v), 0, `${id}: ${v} == ${v}`);
    }
    for (const a of samples[id]) {
      for (const b of samples[id]) {
        assert.equal(Math.sign(s.compare(a, b)), -Math.sign(s.compare(b, a)) || 0, `${id}: ${a} vs ${b}`);
      }
    }
    // the last sample is the oldest
    const oldest = samples[id][samples[id].length - 1];
    assert.equal(Math.sign(compareVersions(id, oldest, samples[id][0])), -1, `${id}: ${oldest} < ${samples[id][0]}`);
  }
});

test('contract: junk is never valid and never makes compare throw', () => {
  const rng = mulberry32(31337);
  for (const id of schemeIds()) {
    const s = getScheme(id)!;
    const inputs = [...junk, ...samples[id].flatMap((v) => Array.from({ length: 20 }, () => mutate(rng, v, '.-+~^_:!#@ a0Z\u00e9', ['..', '--', '::', '💥', '9'.repeat(40)])))];
    for (const j of junk) assert.equal(s.isValid(j), false, `${id}: isValid(${JSON.stringify(j)})`);
    for (const a of inputs) {
      for (const b of [...samples[id], ...junk]) {
        const x = s.compare(a, b);
        const y = s.compare(b, a);
        assert.ok(Number.isFinite(x), `${id}: compare(${JSON.stringify(a)}, ${JSON.stringify(b)}) = ${x}`);
        assert.equal(Math.sign(x), -Math.sign(y) || 0, `${id}: antisymmetry for ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
      assert.equal(s.compare(a, a), 0, `${id}: reflexive on ${JSON.stringify(a)}`);
    }
  }
});

test('contract: compareVersions rejects an unknown scheme', () => {
  assert.throws(() => compareVersions('nope', '1', '2'), /unknown version scheme/);
});
