import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileMeta } from '../image/layer/types.js';
import { directoryCatalogers, imageCatalogers } from './registry.js';
import { LayerCollector, MAX_SELECTED_CATALOGERS } from '../image/layer/collector.js';

// `select` is only a pre-filter: it must never hide a file that wants() would take.
const paths = [
  '/app/lib/a-1.0.jar', '/app/LIB/B-2.JAR', '/srv/x.war', '/srv/y.Ear', '/p.par', '/jenkins/plugins/git.jpi', '/h.hpi', '/a.jar.sha1',
  '/usr/local/tomcat/RELEASE-NOTES', '/opt/tomcat/RELEASE-NOTES.txt',
  '/srv/web/node_modules/left-pad/package.json', '/srv/web/node_modules/@scope/pkg/package.json', '/usr/share/nodejs/acorn/package.json', '/srv/web/package.json',
  '/usr/lib/python3/dist-packages/requests-2.28.1.dist-info/METADATA', '/usr/lib/python3.11/site-packages/six-1.16.0.egg-info/PKG-INFO',
  '/usr/lib/python3/dist-packages/foo-1.0.egg-info', '/usr/lib/python3/dist-packages/Foo-1.0.EGG-INFO',
  '/usr/local/lib/python3.6/site-packages/x-1.0-py3.6.egg', '/usr/local/lib/python3.6/site-packages/x-1.0-py3.6.egg/EGG-INFO/PKG-INFO', '/opt/x.EGG',
  '/usr/local/bundle/specifications/rack-3.0.0.gemspec', '/usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec',
  '/var/www/vendor/composer/installed.json', '/app/MyApp.deps.json', '/app/x.DEPS.JSON',
  '/src/package-lock.json', '/src/yarn.lock', '/src/pnpm-lock.yaml', '/src/requirements-dev.txt', '/src/poetry.lock', '/src/Pipfile.lock',
  '/src/go.mod', '/src/Cargo.lock', '/src/Gemfile.lock', '/src/composer.lock', '/src/packages.lock.json', '/src/pom.xml',
  '/src/bun.lock', '/src/bun.lockb', '/src/App/packages.config', '/src/Directory.Packages.props', '/src/Directory.Build.props', '/src/uv.lock', '/src/pylock.toml', '/src/pylock.dev.toml', '/src/pyproject.toml', '/src/gradle.lockfile', '/src/buildscript-gradle.lockfile', '/src/x.lockfile',
  '/usr/bin/hello', '/usr/local/bin/app', '/etc/os-release', '/var/lib/dpkg/status', '/lib/apk/db/installed', '/var/lib/rpm/rpmdb.sqlite',
  '/noext', '/.hidden', '/dir.with.dots/file', '/x/.jar',
  // OS databases and release files (names, status.d/ by directory), and executables by mode or by bin/ directory
  '/var/lib/dpkg/status.d/base-files', '/var/lib/dpkg/status.d/libssl3.md5sums', '/var/lib/dpkg/status.d/sub/x', '/var/lib/dpkg/status-old',
  '/var/lib/dpkg/info/bash.list', '/var/lib/dpkg/info/sub/bash.list', '/etc/apt/sources.list', '/usr/share/doc/bash/copyright', '/usr/share/doc/bash/x/copyright',
  '/usr/lib/os-release', '/etc/debian_version', '/etc/alpine-release', '/etc/redhat-release', '/usr/lib/sysimage/rpm/Packages.db', '/var/lib/rpm/Packages',
  '/sbin/init', '/opt/app/sbin/tool', '/usr/lib/x86_64-linux-gnu/libc.so.6', '/opt/binary', '/bin', '/usr/bin',
];

test('the select hints never hide a file that wants() takes (the walk asks the same catalogers with or without them)', () => {
  for (const cats of [imageCatalogers(), directoryCatalogers()]) {
    const hinted = new LayerCollector({ index: 0 }, cats);
    const plain = new LayerCollector({ index: 0 }, cats.map((c) => ({ ...c, select: undefined })));
    let wanted = 0;
    for (const path of paths) {
      for (const mode of [0o644, 0o755]) {
        const meta: FileMeta = { path, kind: 'file', mode, uid: 0, gid: 0, size: 64 * 1024 };
        const expected = plain.wanting(meta).map((c) => c.name);
        assert.deepEqual(hinted.wanting(meta).map((c) => c.name), expected, path);
        wanted += expected.length;
      }
    }
    assert.ok(wanted >= 30, `only ${wanted} (file, cataloger) pairs wanted: the corpus no longer exercises the hints`);
  }
  // every built-in cataloger has hints: none is asked about every file of a layer
  assert.deepEqual(imageCatalogers().filter((c) => !c.select).map((c) => c.name), []);
  assert.deepEqual(directoryCatalogers().filter((c) => !c.select).map((c) => c.name), []);
});

test('catalogers past the 31 bits of the pre-filter are asked about every file, and the first 31 keep their hints', () => {
  // 31 catalogers that want nothing, hinted at names no path has: the built-in ones come after them, past the mask
  const filler = Array.from({ length: MAX_SELECTED_CATALOGERS }, (_, i) => ({ name: `filler-${i}`, select: { names: [`none-${i}`] }, wants: () => false }));
  const cats = [...filler, ...directoryCatalogers()];
  const hinted = new LayerCollector({ index: 0 }, cats);
  const plain = new LayerCollector({ index: 0 }, directoryCatalogers().map((c) => ({ ...c, select: undefined })));
  let wanted = 0;
  for (const path of paths) {
    const meta: FileMeta = { path, kind: 'file', mode: 0o755, uid: 0, gid: 0, size: 64 * 1024 };
    const expected = plain.wanting(meta).map((c) => c.name);
    assert.deepEqual(hinted.wanting(meta).map((c) => c.name), expected, path);
    wanted += expected.length;
  }
  assert.ok(wanted >= 15, `${wanted}`);
  // and a hinted cataloger among the first 31 is still asked only about its own names
  let asked = 0;
  const counting = [{ name: 'counting', select: { names: ['only-this'] }, wants: () => (asked++, false) }, ...filler];
  const c = new LayerCollector({ index: 0 }, counting);
  for (const path of [...paths, '/x/only-this']) c.wanting({ path, kind: 'file', mode: 0o644, uid: 0, gid: 0, size: 1 });
  assert.equal(asked, 1);
});
