import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileInput } from '../../image/layer/types.js';
import { npmInstalledCataloger, parseInstalledPackageJson } from './package-json.js';
import { parsePackageLock, parsePnpmLock, parseYarnLock, pnpmKey } from './lockfiles.js';
import { inTime } from '../../../test/helpers/in-time.js';

const file = (path: string, json: unknown): FileInput => {
  const content = Buffer.from(typeof json === 'string' ? json : JSON.stringify(json));
  return { meta: { path, kind: 'file', mode: 0o644, uid: 0, gid: 0, size: content.length }, content, layerIndex: 3, layerDiffId: 'sha256:abc' };
};
const loc = { path: '/src/lock' };
const noWarn = (m: string): never => assert.fail(m);

test('wants: package roots under node_modules only', () => {
  const w = (path: string) => npmInstalledCataloger.wants({ path, kind: 'file', mode: 0o644, uid: 0, gid: 0, size: 10 });
  assert.equal(w('/app/node_modules/express/package.json'), true);
  assert.equal(w('/app/node_modules/@babel/core/package.json'), true);
  assert.equal(w('/app/node_modules/a/node_modules/b/package.json'), true);
  assert.equal(w('/usr/share/nodejs/debug/package.json'), true);
  assert.equal(w('/app/package.json'), false);
  assert.equal(w('/app/node_modules/a/test/fixtures/package.json'), false);
  assert.equal(w('/app/node_modules/.bin/package.json'), false);
});

test('installed package.json: scoped purl, licences incl. legacy arrays, location with layer', () => {
  const [p] = parseInstalledPackageJson(file('/app/node_modules/@babel/core/package.json', { name: '@babel/core', version: '7.22.5', license: 'MIT' }), noWarn);
  assert.equal(p.purl, 'pkg:npm/%40babel/core@7.22.5');
  assert.deepEqual(p.licenses, ['MIT']);
  assert.deepEqual(p.locations[0], { path: '/app/node_modules/@babel/core/package.json', layerIndex: 3, layerDiffId: 'sha256:abc' });
  const [q] = parseInstalledPackageJson(file('/n/node_modules/x/package.json', { name: 'x', version: '1.0.0', licenses: [{ type: 'MIT' }, 'Apache-2.0'] }), noWarn);
  assert.deepEqual(q.licenses, ['MIT', 'Apache-2.0']);
  assert.deepEqual(parseInstalledPackageJson(file('/n/node_modules/x/package.json', { name: 'x', private: true }), noWarn), []);
  const warnings: string[] = [];
  assert.deepEqual(parseInstalledPackageJson(file('/n/node_modules/x/package.json', '{oops'), (m) => warnings.push(m)), []);
  assert.equal(warnings.length, 1);
});

test('package.json with a huge legacy licenses array is read in linear time (an array search per entry was quadratic)', { timeout: 20_000 }, inTime(10_000, () => {
  // ~4 MB, the cataloger's cap: a minute before; the test times out rather than measures
  const licenses = Array.from({ length: 220_000 }, (_, i) => ({ type: `L${i}` }));
  const [p] = parseInstalledPackageJson(file('/n/node_modules/x/package.json', { name: 'x', version: '1.0.0', license: 'L0', licenses }), noWarn);
  assert.equal(p.licenses.length, 220_000);
  assert.deepEqual(p.licenses.slice(0, 2), ['L0', 'L1']);
}));

test('package-lock v1 and v3', () => {
  const v1 = { lockfileVersion: 1, dependencies: { a: { version: '1.0.0', dependencies: { b: { version: '2.0.0', dev: true } } }, c: { version: 'file:../c' } } };
  assert.deepEqual(parsePackageLock(JSON.stringify(v1), loc, noWarn).map((p) => [p.purl, p.metadata?.dev]), [['pkg:npm/a@1.0.0', undefined], ['pkg:npm/b@2.0.0', true]]);
  const v3 = {
    lockfileVersion: 3,
    packages: {
      '': { name: 'app', version: '1.0.0' },
      'node_modules/@types/node': { version: '20.1.0', dev: true },
      'node_modules/a/node_modules/b': { version: '3.0.0' },
      'node_modules/alias': { name: 'real', version: '4.0.0' },
      'node_modules/linked': { resolved: 'packages/x', link: true },
      'packages/x': { version: '0.0.1' },
    },
  };
  assert.deepEqual(parsePackageLock(JSON.stringify(v3), loc, noWarn).map((p) => p.purl), ['pkg:npm/%40types/node@20.1.0', 'pkg:npm/b@3.0.0', 'pkg:npm/real@4.0.0']);
});

test('package-lock v1 nested 20,000 deep: every package, in the order recursion gave (it overflowed the call stack)', () => {
  const depth = 20_000;
  let text = '{"lockfileVersion":1,"dependencies":';
  for (let i = 0; i < depth; i++) text += `{"p${i}":{"version":"1.0.${i}","dependencies":`;
  text += '{}' + '}}'.repeat(depth) + '}';
  const pkgs = parsePackageLock(text, { path: '/src/package-lock.json' }, noWarn);
  assert.equal(pkgs.length, depth);
  assert.deepEqual([pkgs[0].purl, pkgs[depth - 1].purl], ['pkg:npm/p0@1.0.0', `pkg:npm/p${depth - 1}@1.0.${depth - 1}`]);
  // siblings and children: depth first, as before
  const tree = JSON.stringify({ lockfileVersion: 1, dependencies: { a: { version: '1.0.0', dependencies: { b: { version: '2.0.0' } } }, c: { version: '3.0.0' } } });
  assert.deepEqual(parsePackageLock(tree, { path: '/l' }, noWarn).map((p) => p.name), ['a', 'b', 'c']);
});

test('yarn.lock v1 and berry', () => {
  const v1 = `# yarn lockfile v1\n\n"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":\n  version "7.12.13"\n  resolved "https://x"\n\nlodash@^4.17.0:\n  version "4.17.21"\n`;
  assert.deepEqual(parseYarnLock(v1, loc, noWarn).map((p) => p.purl), ['pkg:npm/%40babel/code-frame@7.12.13', 'pkg:npm/lodash@4.17.21']);
  const berry = `__metadata:\n  version: 6\n\n"@babel/core@npm:^7.0.0":\n  version: 7.12.3\n  resolution: "@babel/core@npm:7.12.3"\n\n"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n`;
  assert.deepEqual(parseYarnLock(berry, loc, noWarn).map((p) => p.purl), ['pkg:npm/%40babel/core@7.12.3']);
});

test('aliases ("foo": "npm:bar@1.0.0") are reported as the package they install, in every lockfile form', () => {
  const v1 = JSON.stringify({ lockfileVersion: 1, dependencies: { foo: { version: 'npm:bar@1.0.0' }, '@s/x': { version: 'npm:@o/y@2.0.0', dev: true }, plain: { version: '3.0.0' } } });
  assert.deepEqual(parsePackageLock(v1, loc, noWarn).map((p) => p.purl), ['pkg:npm/bar@1.0.0', 'pkg:npm/%40o/y@2.0.0', 'pkg:npm/plain@3.0.0']);
  const v3 = JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'app' }, 'node_modules/foo': { name: 'bar', version: '1.0.0' } } });
  assert.deepEqual(parsePackageLock(v3, loc, noWarn).map((p) => p.purl), ['pkg:npm/bar@1.0.0']);
  const yarn1 = '# yarn lockfile v1\n\n"foo@npm:bar@^1.0.0":\n  version "1.0.0"\n\n"@s/x@npm:@o/y@^2", "@s/x@npm:@o/y@^2.0":\n  version "2.0.0"\n\nplain@npm:^3.0.0:\n  version "3.0.0"\n';
  assert.deepEqual(parseYarnLock(yarn1, loc, noWarn).map((p) => p.purl), ['pkg:npm/bar@1.0.0', 'pkg:npm/%40o/y@2.0.0', 'pkg:npm/plain@3.0.0']);
  const berry = '__metadata:\n  version: 6\n\n"foo@npm:bar@^1.0.0":\n  version: 1.0.0\n  resolution: "bar@npm:1.0.0"\n';
  assert.deepEqual(parseYarnLock(berry, loc, noWarn).map((p) => p.purl), ['pkg:npm/bar@1.0.0']);
});

test('pnpm-lock keys v5, v6, v9', () => {
  assert.deepEqual(pnpmKey('/@scope/a/1.2.3_b@2.0.0'), ['@scope/a', '1.2.3']);
  assert.deepEqual(pnpmKey('/a/1.2.3'), ['a', '1.2.3']);
  assert.deepEqual(pnpmKey('/a@1.2.3(b@2.0.0)'), ['a', '1.2.3']);
  assert.deepEqual(pnpmKey('@scope/a@1.2.3'), ['@scope/a', '1.2.3']);
  const v9 = `lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      a:\n        specifier: ^1\n        version: 1.2.3\npackages:\n  a@1.2.3:\n    resolution: {integrity: sha512-x}\n  '@s/b@2.0.0':\n    resolution: {integrity: sha512-y}\nsnapshots:\n  a@1.2.3: {}\n`;
  assert.deepEqual(parsePnpmLock(v9, loc, noWarn).map((p) => p.purl), ['pkg:npm/a@1.2.3', 'pkg:npm/%40s/b@2.0.0']);
});

test('a pnpm-lock with an unknown YAML tag: read, and nothing written to the process warnings (stderr, past --quiet)', async () => {
  const emitted: string[] = [];
  const onWarning = (w: Error) => emitted.push(w.message);
  process.on('warning', onWarning);
  try {
    const text = `lockfileVersion: '6.0'\npackages:\n  /a@1.2.3:\n    resolution: {integrity: sha512-x}\n    dev: !1lse\n`;
    assert.deepEqual(parsePnpmLock(text, loc, noWarn).map((p) => p.purl), ['pkg:npm/a@1.2.3']);
    // process warnings are emitted on the next tick
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(emitted, []);
});

test('a pnpm-lock.yaml of 20,000 packages is parsed in seconds (the YAML duplicate-key check was quadratic: 20 s)', { timeout: 30_000 }, inTime(15_000, () => {
  let text = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      pkg-0:\n        specifier: '*'\n        version: 1.0.0\n\npackages:\n\n";
  for (let i = 0; i < 20_000; i++) text += `  pkg-${i}@1.${i % 50}.0:\n    resolution: {integrity: sha512-${'A'.repeat(86)}==}\n    engines: {node: '>=14'}\n\n`;
  const pkgs = parsePnpmLock(text, { path: '/src/pnpm-lock.yaml' }, noWarn);
  assert.equal(pkgs.length, 20_000);
  assert.equal(pkgs[19_999].purl, 'pkg:npm/pkg-19999@1.49.0');
}));

test('YAML lockfiles with aliases are refused before parsing (resolving them cost aliases × nodes)', { timeout: 15_000 }, inTime(7_500, () => {
  const hostile = "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: &x\n    resolution: {integrity: sha512-x}\n" + Array.from({ length: 50_000 }, (_, i) => `  k${i}@1.0.0: {resolution: {integrity: sha512-y}}`).join('\n') + '\n' + Array.from({ length: 5_000 }, (_, i) => `  r${i}@1.0.0: *x`).join('\n') + '\n';
  for (const parse of [parsePnpmLock, parseYarnLock]) {
    const warnings: string[] = [];
    const text = parse === parseYarnLock ? `__metadata:\n  version: 6\n${hostile}` : hostile;
    assert.deepEqual(parse(text, { path: '/l' }, (m) => warnings.push(m)), []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /not read: it uses YAML aliases/);
  }
}));

test('pnpm keys with a newline after many "(" or "_" are read in linear time', { timeout: 20_000 }, inTime(10_000, () => {
  assert.equal(pnpmKey('/a/' + '('.repeat(400_000) + '\n('), undefined);
  assert.deepEqual(pnpmKey('/a/1.0.0' + '_'.repeat(400_000) + '\n_'), ['a', '1.0.0']);
}));
