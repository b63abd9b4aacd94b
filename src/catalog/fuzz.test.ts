// Mutation fuzzing of every application cataloger's parseFile (deterministic: a fixed seed). Each seed file is
// flipped, truncated, spliced and stuffed with edge values; whatever comes of it, a parser returns well-formed
// packages or throws an Error (the layer walk turns that into a warning), and writes nothing to the process
// warnings, which reach stderr past --quiet. A parser that hangs fails the test by its timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dirAppCatalogers } from './apps.js';
import { makeZip, pomProperties } from '../../test/helpers/make-zip.js';
import { SHARED_DATA, sharedDataAvailable } from '../../test/helpers/shared-data.js';

const ITERATIONS = 150;

function seeds(): { path: string; content: Buffer; mode: number }[] {
  const out: { path: string; content: Buffer; mode: number }[] = [];
  const add = (path: string, c: string | Buffer, mode = 0o644) => out.push({ path, content: Buffer.isBuffer(c) ? c : Buffer.from(c), mode });
  const inner = makeZip([pomProperties('a.b', 'inner', '4.5')]);
  add('/app/lib/x.jar', makeZip([
    { name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\nImplementation-Title: x\nImplementation-Version: 1.2.3\nBundle-SymbolicName: org.x\n\nName: foo\nImplementation-Version: 9\n' },
    pomProperties('org.x', 'x', '1.2.3'),
    { name: 'WEB-INF/lib/inner.jar', data: inner },
  ]));
  add('/srv/node_modules/@sc/foo/package.json', JSON.stringify({ name: '@sc/foo', version: '1.2.3', license: 'MIT', licenses: [{ type: 'ISC' }], author: { name: 'x' } }));
  add('/usr/lib/python3/dist-packages/foo-1.0.dist-info/METADATA', 'Metadata-Version: 2.1\nName: Foo_Bar\nVersion: 1.0.post1\nLicense: MIT\nClassifier: License :: OSI Approved :: MIT License\n\nbody\n');
  add('/usr/lib/python3/dist-packages/foo.egg-info/PKG-INFO', 'Metadata-Version: 1.1\nName: foo\nVersion: 2.0\nLicense: BSD\n');
  add('/usr/local/bundle/specifications/rack-2.2.3.gemspec', 'Gem::Specification.new do |s|\n  s.name = "rack".freeze\n  s.version = "2.2.3"\n  s.licenses = ["MIT".freeze]\nend\n');
  add('/app/vendor/composer/installed.json', JSON.stringify({ packages: [{ name: 'monolog/monolog', version: '2.3.5', license: ['MIT'] }, { name: 'a/b', version: 'v1.0.0' }] }));
  add('/app/app.deps.json', JSON.stringify({ targets: { '.NETCoreApp,Version=v6.0': { 'Newtonsoft.Json/13.0.1': {} } }, libraries: { 'app/1.0.0': { type: 'project' }, 'Newtonsoft.Json/13.0.1': { type: 'package', path: 'newtonsoft.json/13.0.1' } } }));
  add('/src/package-lock.json', JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app' }, 'node_modules/a': { version: '1.0.0' }, 'node_modules/@s/b': { version: '2.0.0', dev: true } } }));
  add('/src/yarn.lock', '# yarn lockfile v1\n\n"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":\n  version "7.12.13"\n  dependencies:\n    "@babel/highlight" "^7.12.13"\n\nlodash@^4.17.20:\n  version "4.17.21"\n');
  add('/src/pnpm-lock.yaml', "lockfileVersion: '6.0'\npackages:\n  /lodash@4.17.21:\n    resolution: {integrity: sha512-x}\n    dev: false\n  /@scope/pkg@1.0.0(react@18.0.0):\n    resolution: {integrity: sha512-y}\n");
  add('/src/requirements.txt', 'flask==2.0.1\nrequests[security]==2.25.1 ; python_version > "3"\n-r other.txt\nDjango>=3\n');
  add('/src/poetry.lock', '[[package]]\nname = "click"\nversion = "8.0.1"\n\n[[package]]\nname = "flask"\nversion = "2.0.1"\n');
  add('/src/Pipfile.lock', JSON.stringify({ _meta: {}, default: { flask: { version: '==2.0.1' } }, develop: { pytest: { version: '==6.2.4' } } }));
  add('/src/go.mod', 'module example.com/m\n\ngo 1.20\n\nrequire (\n\tgithub.com/a/b v1.2.3\n\tgolang.org/x/net v0.0.0-20210405180319-a5a99cb37ef4 // indirect\n)\n\nreplace github.com/a/b => github.com/c/b v1.2.4\n');
  add('/src/Cargo.lock', '[[package]]\nname = "serde"\nversion = "1.0.130"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n');
  add('/src/Gemfile.lock', 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.3)\n    rails (6.1.4)\n      rack (~> 2.0)\n\nBUNDLED WITH\n   2.2.15\n');
  add('/src/composer.lock', JSON.stringify({ packages: [{ name: 'a/b', version: '1.0.0' }], 'packages-dev': [{ name: 'c/d', version: 'v2.0.0' }] }));
  add('/src/packages.lock.json', JSON.stringify({ version: 1, dependencies: { 'net6.0': { 'Newtonsoft.Json': { type: 'Direct', resolved: '13.0.1' } } } }));
  add('/src/bun.lock', '{\n  "lockfileVersion": 1,\n  "workspaces": { "": { "name": "app", "dependencies": { "a": "^1" }, "devDependencies": { "b": "^2" } } },\n  "packages": {\n    "a": ["a@1.0.0", "", { "dependencies": { "c": "^3" } }, "sha512-x"],\n    "b": ["b@2.0.0", "", {}, "sha512-y"],\n    "c": ["c@3.0.0", "", {}, "sha512-z"],\n  }\n}\n');
  add('/src/uv.lock', '[[package]]\nname = "anyio"\nversion = "4.9.0"\nsource = { registry = "https://pypi.org/simple" }\ndependencies = [\n    { name = "idna" },\n]\n\n[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { editable = "." }\ndependencies = [{ name = "anyio" }]\n\n[package.dev-dependencies]\ndev = [\n    { name = "idna" },\n]\n');
  add('/src/pylock.toml', "lock-version = '1.0'\n\n[[packages]]\nname = 'attrs'\nversion = '25.1.0'\n\n[[packages.wheels]]\nname = 'attrs-25.1.0-py3-none-any.whl'\nhashes = {sha256 = 'c7'}\n\n[[packages]]\nname = 'app'\nversion = '1'\n\n[packages.directory]\npath = '.'\n");
  add('/src/App/packages.config', '<?xml version="1.0" encoding="utf-8"?>\n<packages>\n  <package id="Newtonsoft.Json" version="12.0.3" targetFramework="net472" />\n  <package id="StyleCop.Analyzers" version="1.1.118" developmentDependency="true" />\n</packages>\n');
  add('/src/Directory.Packages.props', '<Project>\n  <ItemGroup>\n    <PackageVersion Include="Serilog" Version="3.1.1" />\n    <PackageVersion Include="X" Version="$(V)" />\n  </ItemGroup>\n</Project>\n');
  add('/src/gradle.lockfile', '# Gradle\ncom.fasterxml.jackson.core:jackson-databind:2.15.2=compileClasspath,runtimeClasspath\njunit:junit:4.13.2=testCompileClasspath\nempty=annotationProcessor\n');
  add('/src/pom.xml', '<project><groupId>g</groupId><artifactId>a</artifactId><version>1</version><properties><v>2.0</v></properties><dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>${v}</version></dependency></dependencies></project>');
  // a real setuptools-built egg (test/fixtures/python/SOURCE.md)
  add('/usr/local/lib/python3.6/site-packages/example-21.12-py3.6.egg', readFileSync(new URL('../../test/fixtures/python/example-21.12-py3.6.egg', import.meta.url)));
  if (sharedDataAvailable()) {
    // real archives and Go binaries: the small ones (a few hundred KiB), so the rounds stay quick
    for (const f of ['tomcat-embed-el-9.0.63.jar', 'trivy-test.jar']) add(`/app/${f}`, readFileSync(join(SHARED_DATA, 'java', f)));
    const gobin = join(SHARED_DATA, 'gobin');
    if (existsSync(gobin)) for (const f of readdirSync(gobin)) add(`/usr/local/bin/${f}`, readFileSync(join(gobin, f)), 0o755);
  }
  return out;
}

/** A deterministic generator (LCG): the same inputs on every run, so a failure can be replayed. */
function generator(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return Math.floor((s / 0x80000000) * n);
  };
}

const EDGE = ['9999999999', '-1', '\u0000', '"', '\n\n', '../../', '4294967295', '[', '{', '${', '\\u0000', '!tag ', '&a *a', '\u001b[2J', '\ud800'];

function mutate(b: Buffer, ri: (n: number) => number): Buffer {
  const out = Buffer.from(b);
  const at = ri(out.length);
  switch (ri(6)) {
    case 0:
      for (let i = 0, n = 1 + ri(8); i < n; i++) out[ri(out.length)] = ri(256);
      return out;
    case 1:
      return out.subarray(0, at);
    case 2: {
      const from = ri(out.length);
      return Buffer.concat([out.subarray(0, at), out.subarray(from, from + ri(4096)), out.subarray(at)]);
    }
    case 3:
      return Buffer.concat([out.subarray(0, at), Buffer.from(EDGE[ri(EDGE.length)]), out.subarray(at)]);
    case 4:
      // sizes, counts and offsets in binary formats (zip, ELF) set to edge values
      for (let i = 0, n = 1 + ri(4); i < n && out.length >= 4; i++) out.writeUInt32LE([0xffffffff, 0, 0x7fffffff, 0xffff, ri(0x10000)][ri(5)] >>> 0, ri(out.length - 3));
      return out;
    default:
      return Buffer.concat([out.subarray(0, at), Buffer.alloc(ri(2000), ri(256)), out.subarray(at)]);
  }
}

test('application catalogers on mutated input: well-formed packages or an Error, no process warnings', { timeout: 120_000 }, async (t) => {
  if (!sharedDataAvailable()) t.diagnostic('../shared/data not present: real jars and Go binaries left out of the seeds');
  const emitted: string[] = [];
  const onWarning = (w: Error) => emitted.push(`${w.name}: ${w.message.slice(0, 200)}`);
  process.on('warning', onWarning);
  const ri = generator(20261129);
  let runs = 0;
  try {
    for (const s of seeds()) {
      const meta = { path: s.path, kind: 'file' as const, mode: s.mode, uid: 0, gid: 0, size: s.content.length };
      const wanting = dirAppCatalogers.filter((c) => c.parseFile && c.wants(meta));
      assert.ok(wanting.length > 0, `a cataloger wants ${s.path}`);
      for (let i = 0; i < ITERATIONS; i++) {
        const content = i === 0 ? s.content : mutate(s.content, ri);
        for (const c of wanting) {
          const what = `${c.name} on ${s.path}, iteration ${i}`;
          runs++;
          let pkgs;
          try {
            pkgs = await c.parseFile!({ meta: { ...meta, size: content.length }, content, layerIndex: 0 }, { warn: () => {} });
          } catch (e) {
            assert.ok(e instanceof Error && e.message.length > 0, `${what}: threw ${String(e)}`);
            continue;
          }
          assert.ok(Array.isArray(pkgs), what);
          for (const p of pkgs) {
            assert.ok(typeof p.name === 'string' && typeof p.version === 'string', `${what}: ${JSON.stringify(p).slice(0, 300)}`);
            assert.ok(typeof p.purl === 'string' && p.purl.startsWith('pkg:'), `${what}: purl ${p.purl}`);
          }
        }
      }
    }
    // process warnings are emitted on the next tick
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(emitted, []);
  t.diagnostic(`${runs} parses`);
});
