import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PackageURL } from 'packageurl-js';
import { fastPurl, makePurl, tryJson } from './app-common.js';

/** what makePurl returned before the fast path: packageurl-js, or the minimal fallback when it throws */
function reference(type: string, namespace: string | undefined, name: string, version: string): string {
  try {
    return new PackageURL(type, namespace || undefined, name, version || undefined, undefined, undefined).toString();
  } catch {
    const enc = (s: string): string => encodeURIComponent(s).replace(/%2F/g, '/');
    return `pkg:${type}/${namespace ? enc(namespace) + '/' : ''}${enc(name)}${version ? '@' + enc(version) : ''}`;
  }
}

const TYPES = ['maven', 'npm', 'pypi', 'composer', 'cargo', 'gem', 'nuget', 'golang', 'deb', 'rpm', 'apk', 'generic'];

test('fast purls are the ones packageurl-js builds', () => {
  const samples: [string, string | undefined, string, string][] = [
    ['maven', 'org.apache.logging.log4j', 'log4j-core', '2.14.1'],
    ['maven', undefined, 'lonely', '1.0'],
    ['maven', '', 'lonely', '1.0'],
    ['npm', '@Babel', 'Core', '7.0.0-beta.1+build.5'],
    ['npm', undefined, 'Left_Pad', '1.3.0'],
    ['npm', '@types', 'node', ''],
    ['pypi', undefined, 'Django_Rest-framework', '3.14.0'],
    ['pypi', 'Weird', 'A__B', '1!2.0'],
    ['composer', 'Symfony', 'Console', 'v5.4.0'],
    ['cargo', undefined, 'serde_json', '1.0.96'],
    ['gem', undefined, 'Rails', '7.0.4'],
    ['nuget', undefined, 'Newtonsoft.Json', '13.0.1'],
    ['golang', 'github.com/sirupsen', 'logrus', 'v1.9.0'],
    ['maven', 'g', 'a', '1:2~3'],
    ['npm', '@', 'x', '1'],
    ['npm', '@@x', 'x', '1'],
  ];
  const plain = 'aZz09._-~_';
  const odd = '+:@/ %!*()\'Ä字\t#?&=';
  let seed = 12345;
  const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 16) % n;
  const char = (): string => (rnd(8) === 0 ? odd[rnd(odd.length)] : plain[rnd(plain.length)]);
  const word = (): string => Array.from({ length: rnd(7) }, char).join('');
  for (let i = 0; i < 20000; i++) {
    samples.push([TYPES[rnd(TYPES.length)], rnd(3) === 0 ? undefined : rnd(4) === 0 ? '@' + word() : word(), word() || 'n', rnd(5) === 0 ? '' : word()]);
  }
  let fast = 0;
  for (const [type, ns, name, version] of samples) {
    const want = reference(type, ns, name, version);
    const f = fastPurl(type, ns, name, version);
    if (f !== undefined) {
      fast++;
      assert.equal(f, want, JSON.stringify([type, ns, name, version]));
    }
    assert.equal(makePurl(type, ns, name, version), want, JSON.stringify([type, ns, name, version]));
  }
  assert.ok(fast > 3000, `fast path taken ${fast} times`);
});

test('tryJson: a UTF-8 byte-order mark is skipped, bad JSON is undefined', () => {
  assert.deepEqual(tryJson(Buffer.from('\uFEFF{"name":"a"}')), { name: 'a' });
  assert.deepEqual(tryJson(Buffer.from('{"name":"\uFEFF"}')), { name: '\uFEFF' });
  assert.equal(tryJson(Buffer.from('{"name":')), undefined);
  assert.equal(tryJson(''), undefined);
});
