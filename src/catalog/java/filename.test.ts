import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identityFromFileName } from './filename.js';
import { inTime } from '../../../test/helpers/in-time.js';

test('file-name identity: name and version of common jar names', () => {
  const cases: [string, string, string | undefined][] = [
    ['commons-lang3-3.11.jar', 'commons-lang3', '3.11'],
    ['guava-31.1-jre.jar', 'guava', '31.1-jre'],
    ['netty_all_4.1.50.Final.jar', 'netty_all', '4.1.50.Final'],
    ['spring-core-5.3.9.RELEASE.war', 'spring-core', '5.3.9.RELEASE'],
    ['level-3-jar.jar', 'level-3-jar', undefined],
    ['foo-1.0-rc1.jar', 'foo', '1.0-rc1'],
    ['app.jar', 'app', undefined],
    ['-1.0.jar', '-1.0', undefined],
    ['x y-1.0.jar', 'x y', '1.0'],
    ['a-1 b-2.0.jar', 'a-1 b', '2.0'],
  ];
  for (const [file, name, version] of cases) assert.deepEqual(identityFromFileName(file), version ? { name, version } : { name }, file);
});

test('file-name identity agrees with the pattern it replaced, /^(.+?)[-_](\\d[\\w.+-]*)$/, on every short name', () => {
  const old = (fileName: string) => {
    const base = fileName.replace(/\.(jar|war|ear|par|sar|jpi|hpi|nar|kar|rar)$/i, '');
    if (!base) return undefined;
    const m = /^(.+?)[-_](\d[\w.+-]*)$/.exec(base);
    if (m && /^\d+(\.\d|$|[-_.]?(alpha|beta|rc|m)\d)/i.test(m[2])) return { name: m[1], version: m[2] };
    return { name: base };
  };
  const alphabet = ['a', '1', '2', '-', '_', '.', '+', '!', ' ', 'rc'];
  let s = 7;
  const next = (n: number) => ((s = (s * 1103515245 + 12345) & 0x7fffffff) % n);
  for (let i = 0; i < 20_000; i++) {
    const name = Array.from({ length: next(12) }, () => alphabet[next(alphabet.length)]).join('') + '.jar';
    assert.deepEqual(identityFromFileName(name), old(name), name);
  }
});

test('file-name identity of a very long name is linear (the old pattern was quadratic)', { timeout: 20_000 }, inTime(10_000, () => {
  // 200,000 "-1" pairs took minutes; the test times out rather than measures
  const long = 'a' + '-1'.repeat(200_000);
  for (const [file, name] of [[`${long}!.jar`, `${long}!`], [`${long}.jar`, long], [`${long}!-2.0.jar`, `${long}!`]]) {
    const got = identityFromFileName(file);
    assert.ok(got?.name === name, `${file.slice(0, 20)}…: name ${got?.name.slice(0, 20)}… of ${got?.name.length} characters`);
  }
  assert.equal(identityFromFileName(`${long}!-2.0.jar`)?.version, '2.0');
}));
