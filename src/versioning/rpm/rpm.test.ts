import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRpm, rpm } from './index.js';
import { failures, fixtureVectors, sharedVectors, sign } from '../testing/vectors.js';
import { makePairs, mulberry32 } from '../testing/random.js';
import { hasCommand, runBatch } from '../testing/reference.js';

const cases: [string, '<' | '=' | '>', string][] = [
  ['1.0~rc1', '<', '1.0'],
  ['1.0~rc1', '>', '1.0~~'],
  ['1.0^git1', '>', '1.0'],
  ['1.0^git1', '<', '1.0.1'],
  ['1.0^git1', '>', '1.0~rc1'],
  ['1:1.0-1', '>', '2.0-1'],
  ['1.0-1.el8', '<', '1.0-1.el8_2'],
  ['2.4.21-9.EL', '<', '2.4.21-9.0.1.EL'],
  ['1.0a', '<', '1.0.1'],
  ['1.0010', '=', '1.10'],
  ['1', '<', '1-0'],
  ['5.2', '>', '5.a'],
];

test('rpm: hand-written cases', () => {
  for (const [a, op, b] of cases) {
    assert.equal(sign(rpm.compare(a, b)), op === '<' ? -1 : op === '>' ? 1 : 0, `${a} ${op} ${b}`);
  }
});

test('rpm: parse and isValid', () => {
  assert.deepEqual(parseRpm('2:1.2-3.el9'), { epoch: '2', version: '1.2', release: '3.el9' });
  assert.deepEqual(parseRpm('a:1-2-3'), { epoch: undefined, version: 'a:1-2', release: '3' });
  for (const v of ['1.0', '1:2.3-4.el8', '1.0~rc1^git2-1']) assert.ok(rpm.isValid(v), v);
  for (const v of ['', 'abc', '1.0-', 'x:1.0', '1.0 1']) assert.ok(!rpm.isValid(v), v);
});

test('rpm: fixture sample', () => {
  assert.deepEqual(failures(fixtureVectors('redhat'), rpm.compare), []);
});

test('rpm: every line of the shared redhat vectors', (t) => {
  const lines = sharedVectors('redhat');
  if (!lines) return t.skip('shared version-vectors folder absent');
  assert.deepEqual(failures(lines, rpm.compare), []);
  t.diagnostic(`${lines.length} vector lines`);
});

test('rpm: differential against rpm.vercmp (rpm --eval lua)', (t) => {
  if (!hasCommand('rpm')) return t.skip('rpm not installed');
  const extra = (sharedVectors('debian') ?? fixtureVectors('debian')).flatMap((l) => [l.a, l.b]);
  const pool = [...(sharedVectors('redhat') ?? fixtureVectors('redhat')).flatMap((l) => [l.a, l.b]), ...extra.slice(0, 3000)];
  const pairs = makePairs(mulberry32(4180), pool, 6000, '0123456789.-:~^_+aZel', ['~rc1', '^git1', '.el8', '-1', '1:', '.0', 'a', '~', '^', '_2'], (v) => v !== '' && !/\s/.test(v));
  const dir = mkdtempSync(join(tmpdir(), 'drydock-rpm-'));
  try {
    const file = join(dir, 'pairs');
    writeFileSync(file, pairs.map(([a, b]) => `${a}\t${b}\n`).join(''));
    // One rpm process: an embedded lua loop prints rpm.vercmp for every pair.
    const lua = `%{lua: for line in io.lines("${file}") do local a, b = line:match("^(.-)\\t(.*)$"); print(rpm.vercmp(a, b) .. "\\n") end}`;
    const out = runBatch('rpm', ['--eval', lua], '');
    assert.equal(out.length, pairs.length);
    const bad = pairs.flatMap(([a, b], i) => (sign(rpm.compare(a, b)) !== sign(Number(out[i])) ? [`${a} vs ${b}: rpm ${out[i]}`] : []));
    assert.deepEqual(bad, []);
    t.diagnostic(`${pairs.length} pairs agree with rpm`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
