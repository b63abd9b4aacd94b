import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go } from './index.js';
import { failures, fixtureVectors, sharedVectors, sign } from '../testing/vectors.js';

const cases: [string, '<' | '=' | '>', string][] = [
  ['v1.2.3', '=', '1.2.3'],
  ['v2.0.0+incompatible', '=', 'v2.0.0'],
  ['v2.0.0+incompatible', '<', 'v2.0.1+incompatible'],
  ['v0.0.0-20191109021931-daa7c04131f5', '<', 'v0.0.1'],
  ['v0.0.0-20191109021931-daa7c04131f5', '>', 'v0.0.0-20191008000000-aaaaaaaaaaaa'],
  ['v1.2.4-0.20191109021931-daa7c04131f5', '>', 'v1.2.3'],
  ['v1.2.4-0.20191109021931-daa7c04131f5', '<', 'v1.2.4'],
  ['v1.2.4-pre.0.20191109021931-daa7c04131f5', '>', 'v1.2.4-pre'],
  ['v1', '=', 'v1.0.0'],
  ['v1.2', '<', 'v1.2.1'],
  ['v1.0.0-rc.1', '<', 'v1.0.0'],
  ['v01.0.0', '<', 'v0.0.1'], // invalid sorts first, as in x/mod/semver
  ['junk', '=', 'junk'],
];

test('go: hand-written cases', () => {
  for (const [a, op, b] of cases) {
    assert.equal(sign(go.compare(a, b)), op === '<' ? -1 : op === '>' ? 1 : 0, `${a} ${op} ${b}`);
  }
});

test('go: isValid follows x/mod/semver', () => {
  for (const v of ['v1.2.3', '1.2.3', 'v1', 'v1.2', 'v2.0.0+incompatible', 'v0.0.0-20191109021931-daa7c04131f5']) assert.ok(go.isValid(v), v);
  for (const v of ['', 'v1.2.3.4', 'v01.2.3', 'v1.2-pre', 'v1.2.3-01', 'v1.2.3-', 'latest']) assert.ok(!go.isValid(v), v);
});

test('go: semver vectors (valid Go versions only)', (t) => {
  const lines = (sharedVectors('semver') ?? fixtureVectors('semver')).filter((l) => go.isValid(l.a) && go.isValid(l.b));
  assert.ok(lines.length > 50);
  assert.deepEqual(failures(lines, go.compare), []);
  t.diagnostic(`${lines.length} vector lines`);
});
