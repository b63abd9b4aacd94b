import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { maven, parseMaven } from './index.js';
import { failures, fixtureVectors, sharedVectors, sign } from '../testing/vectors.js';
import { makePairs, mulberry32 } from '../testing/random.js';
import { hasCommand, runBatch } from '../testing/reference.js';

const cases: [string, '<' | '=' | '>', string][] = [
  ['1.0-alpha-1', '<', '1.0-beta-1'],
  ['1.0-M1', '<', '1.0-RC1'],
  ['1.0-RC1', '=', '1.0-cr1'],
  ['1.0-RC1', '<', '1.0-SNAPSHOT'],
  ['1.0-SNAPSHOT', '<', '1.0'],
  ['1.0', '=', '1.0.Final'],
  ['1.0', '=', '1-ga'],
  ['1.0', '<', '1.0-sp1'],
  ['1.0-sp1', '<', '1.0-foo'],
  ['1.0-foo', '<', '1.0-1'],
  ['1.0-1', '<', '1.0.1'],
  ['1a1', '=', '1-alpha-1'],
  ['1.0.0', '=', '1'],
  ['2.0.0.Final', '>', '2.0.0.CR2'],
  ['5.4.1.Final', '<', '5.4.10.Final'],
  ['123456789012345678901234567890', '>', '123456789012345678901234567889'],
];

test('maven: hand-written cases', () => {
  for (const [a, op, b] of cases) {
    assert.equal(sign(maven.compare(a, b)), op === '<' ? -1 : op === '>' ? 1 : 0, `${a} ${op} ${b}`);
  }
});

test('maven: parse into nested items with trailing nulls removed', () => {
  assert.deepEqual(parseMaven('1.0-rc1'), {
    kind: 'list',
    items: [{ kind: 'int', value: 1n }, { kind: 'list', items: [{ kind: 'string', value: 'rc' }, { kind: 'list', items: [{ kind: 'int', value: 1n }] }] }],
  });
  assert.deepEqual(parseMaven('1.0.0.Final'), { kind: 'list', items: [{ kind: 'int', value: 1n }] });
});

test('maven: isValid', () => {
  for (const v of ['1', '1.0.0', '2.0.0.Final', '1.0-SNAPSHOT', '1.0_beta']) assert.ok(maven.isValid(v), v);
  for (const v of ['', 'latest', '1..0', '1.0-', '[1.0,2.0)']) assert.ok(!maven.isValid(v), v);
});

// These vector lines follow OSV's reading of the POM spec; Maven itself (maven-artifact 3.8.7 and
// 3.9.6, checked with java) orders them the other way, e.g. "1.5.9.RC1" > "1.5.9-RC0" because a
// trailing ".RC1" opens a sub-list just like "-RC1". We follow Maven.
const mavenDisagrees = new Set([
  '1.0.0-RC16 < 1.0.0.RC8-beta',
  '1.0.0-gradle-rework-beta3 < 1.0.0.RC7-3',
  '2.9.0-1 < 2.9.0.RC1',
  '6.1.12.rc5 < 6.1.12rc1',
  ...['1.1.31', '1.1.34', '1.1.46', '1.2.31', '1.2.48', '1.2.50', '1.2.54', '1.2.57', '1.2.60', '1.2.67'].map((v) => `${v}.sec10 < ${v}_noneautotype`),
  '1.2.8.sec10_noneautotype < 1.2.8_noneautotype',
  '1.0.0rc0 < 1.0.beta8',
  '1.5.9.RC1 < 1.5.9-RC0',
  '1.1.0-01-glassfish < 1.1.0.Beta1',
  '1-1 = 1-ga-1',
]);

test('maven: fixture sample', () => {
  assert.deepEqual(failures(fixtureVectors('maven'), maven.compare), []);
});

test('maven: every line of the shared maven vectors (Maven-confirmed exceptions listed)', (t) => {
  const lines = sharedVectors('maven');
  if (!lines) return t.skip('shared version-vectors folder absent');
  const expected = lines.filter((l) => !mavenDisagrees.has(`${l.a} ${l.op} ${l.b}`));
  assert.deepEqual(failures(expected, maven.compare), []);
  // the exceptions must really be reversed, so the list cannot hide a regression
  const reversed = lines.filter((l) => mavenDisagrees.has(`${l.a} ${l.op} ${l.b}`));
  assert.equal(reversed.length, mavenDisagrees.size);
  assert.equal(failures(reversed, maven.compare).length, reversed.length);
  t.diagnostic(`${expected.length} vector lines agree, ${reversed.length} follow Maven instead of the vector file`);
});

const JAVA = `import org.apache.maven.artifact.versioning.ComparableVersion;
import java.io.*;
public class Cmp {
  public static void main(String[] args) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    PrintWriter w = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, "UTF-8")));
    for (String line; (line = r.readLine()) != null; ) {
      int tab = line.indexOf('\\t');
      w.println(Integer.signum(new ComparableVersion(line.substring(0, tab)).compareTo(new ComparableVersion(line.substring(tab + 1)))));
    }
    w.flush();
  }
}
`;

const jars = [
  '/usr/share/maven-repo/org/apache/maven/maven-artifact/3.x/maven-artifact-3.x.jar',
  join(homedir(), '.m2/repository/org/apache/maven/maven-artifact/3.9.6/maven-artifact-3.9.6.jar'),
].filter((j) => existsSync(j));

test('maven: differential against ComparableVersion (java)', (t) => {
  if (!hasCommand('javac') || !hasCommand('java')) return t.skip('java/javac not installed');
  if (jars.length === 0) return t.skip('no maven-artifact jar found');
  const pool = (sharedVectors('maven') ?? fixtureVectors('maven')).flatMap((l) => [l.a, l.b]);
  const pairs = makePairs(mulberry32(1234), pool, 5000, '0123456789.-abcmrsAF_', ['-SNAPSHOT', '.Final', '-M1', '-RC1', 'rc2', '-sp', '.0', '-1', 'a1', '-ga', 'b2', '.cr1', '-alpha', '.release'], (v) => v !== '' && !v.includes('\t'));
  const dir = mkdtempSync(join(tmpdir(), 'drydock-maven-'));
  try {
    writeFileSync(join(dir, 'Cmp.java'), JAVA);
    const input = pairs.map(([a, b]) => `${a}\t${b}\n`).join('');
    // compiled once: ComparableVersion's API is the same in every jar
    runBatch('javac', ['-cp', jars[0], '-d', dir, join(dir, 'Cmp.java')], '');
    for (const jar of jars) {
      const out = runBatch('java', ['-cp', `${jar}:${dir}`, 'Cmp'], input);
      assert.equal(out.length, pairs.length);
      const bad = pairs.flatMap(([a, b], i) => (sign(maven.compare(a, b)) !== Number(out[i]) ? [`${a} vs ${b}: java ${out[i]}`] : []));
      assert.deepEqual(bad, [], jar);
      t.diagnostic(`${pairs.length} pairs agree with ${jar}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
