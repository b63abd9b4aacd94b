// End-to-end over real trees: the tomcat-root app layer and Debian's own packages, fed to the app catalogers
// the way the pipeline does (parseFile per wanted file, then catalog() over the final filesystem).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { FileMeta } from '../image/layer/types.js';
import type { Package } from '../sbom/model.js';
import type { Warning } from '../errors.js';
import { memResolver, type MemFile } from '../../test/helpers/memfs.js';
import { fetchDebs } from '../../test/helpers/debs.js';
import { imageAppCatalogers } from './apps.js';
import { applyOwnership } from './ownership.js';
import { makeTempDir } from '../../test/helpers/tmp.js';

const REPO = new URL('../../', import.meta.url).pathname;

export async function runOnTree(root: string): Promise<{ pkgs: Package[]; warnings: Warning[] }> {
  const pkgs: Package[] = [];
  const warnings: Warning[] = [];
  const ctx = { warn: (w: Warning) => warnings.push(w) };
  const tree: Record<string, MemFile> = {};
  const visit = async (dir: string): Promise<void> => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      const st = lstatSync(full);
      const path = full.slice(root.length);
      if (st.isDirectory()) {
        await visit(full);
        continue;
      }
      if (!st.isFile()) continue;
      const meta: FileMeta = { path, kind: 'file', mode: st.mode & 0o7777, uid: 0, gid: 0, size: st.size };
      const wanting = imageAppCatalogers.filter((c) => c.wants(meta));
      if (wanting.length === 0) continue;
      const content = readFileSync(full);
      tree[path] = { content, mode: meta.mode };
      for (const c of wanting) if (c.parseFile) pkgs.push(...(await c.parseFile({ meta, content, layerIndex: 1 }, ctx)));
    }
  };
  await visit(root);
  const fs = memResolver(tree, 1);
  for (const c of imageAppCatalogers) if (c.catalog) pkgs.push(...(await c.catalog(fs, ctx)).packages);
  return { pkgs, warnings };
}

test('tomcat-root app layer: Tomcat product, component jar and nested war jars', async (t) => {
  const fixtures = join(REPO, '.cache/images/fixtures.json');
  if (!existsSync(fixtures)) return t.skip('.cache/images not built (test/tools/build-images.sh)');
  const img = (JSON.parse(readFileSync(fixtures, 'utf8')).images as Array<{ tag: string; layers: Array<{ digest: string }>; expect: { java?: Array<Record<string, string>> } }>).find((i) => i.tag === 'tomcat-root');
  if (!img) return t.skip('tomcat-root not in fixtures.json');
  const blob = join(REPO, '.cache/images/layouts/tomcat-root/blobs/sha256', img.layers[1].digest.slice(7));
  const root = makeTempDir('drydock-tomcat-');
  execFileSync('tar', ['-xzf', blob, '-C', root]);
  const { pkgs, warnings } = await runOnTree(root);
  assert.deepEqual(warnings, []);
  const got = pkgs.map((p) => `${p.purl} ${p.locations[0].path}`).sort();
  assert.deepEqual(got, [
    'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.8 /usr/local/tomcat/webapps/app.war:WEB-INF/lib/jackson-databind-2.9.8.jar',
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 /usr/local/tomcat/webapps/app.war:WEB-INF/lib/log4j-core-2.14.1.jar',
    'pkg:maven/org.apache.tomcat/tomcat-catalina@8.5.21 /usr/local/tomcat/lib/catalina.jar',
    'pkg:maven/org.apache.tomcat/tomcat@8.5.21 /usr/local/tomcat/lib/catalina.jar',
  ]);
  // fixtures.json writes nested paths with "!"; Drydock's separator is ":"
  for (const e of img.expect.java ?? []) {
    const path = e.path.replace('!', ':');
    const hit = pkgs.find((p) => p.locations[0].path === path && p.version === e.version && (!e.artifact || p.metadata?.artifactId === e.artifact));
    assert.ok(hit, `expected ${JSON.stringify(e)}`);
    if (e.group) assert.equal(hit.group, e.group);
  }
});

const WANTED_DEBS = ['libtomcat9-java', 'python3-urllib3', 'runc'];

test("Debian's libtomcat9-java, python3-urllib3 and runc: versions agree with the packages' own metadata", async (t) => {
  const debs = fetchDebs(WANTED_DEBS);
  if (typeof debs === 'string') return t.skip(debs);
  const root = makeTempDir('drydock-debs-');
  const owned = new Map<string, Package>();
  const field = (deb: string, f: string): string => execFileSync('dpkg-deb', ['-f', deb, f]).toString().trim();
  for (const [name, deb] of debs) {
    execSync(`dpkg-deb --fsys-tarfile '${deb}' | tar -x -C '${root}'`);
    const os: Package = { name, version: field(deb, 'Version'), type: 'deb', purl: '', licenses: [], locations: [], foundBy: 'test' };
    for (const line of execSync(`dpkg-deb --fsys-tarfile '${deb}' | tar -t`).toString().split('\n')) {
      if (line && !line.endsWith('/')) owned.set(line.replace(/^\.\//, '/'), os);
    }
  }
  const { pkgs, warnings } = await runOnTree(root);
  assert.deepEqual(warnings, []);
  applyOwnership(pkgs, owned);
  const upstream = (deb: string): string => field(deb, 'Version').replace(/^\d+:/, '').replace(/-[^-]+$/, '').replace(/\+ds\d*$/, '');

  // Tomcat: every versioned jar of the package, plus the product
  const tomcatVersion = upstream(debs.get('libtomcat9-java')!);
  const jars = execSync(`dpkg-deb -c '${debs.get('libtomcat9-java')}'`).toString().split('\n').filter((l) => l.startsWith('-') && /tomcat9-[\w-]+-\d[\d.]*\.jar$/.test(l));
  const maven = pkgs.filter((p) => p.type === 'maven');
  assert.equal(maven.filter((p) => p.foundBy === 'java-archive-cataloger').length, jars.length);
  for (const p of maven) assert.equal(p.version, tomcatVersion, p.purl);
  const purls = maven.map((p) => p.purl);
  for (const a of ['tomcat', 'tomcat-catalina', 'tomcat-coyote', 'tomcat-util', 'tomcat-jasper']) {
    assert.ok(purls.includes(`pkg:maven/org.apache.tomcat/${a}@${tomcatVersion}`), `${a} in ${purls.join(' ')}`);
  }
  for (const p of maven) assert.equal(p.ownedBy, 'deb/libtomcat9-java');

  // Python: the egg-info of urllib3
  const py = pkgs.filter((p) => p.type === 'pypi');
  assert.deepEqual(py.map((p) => `${p.name}@${p.version}`), [`urllib3@${upstream(debs.get('python3-urllib3')!)}`]);
  assert.equal(py[0].ownedBy, 'deb/python3-urllib3');
  assert.equal(py[0].metadata?.ownerName, 'python3-urllib3');

  // Go: Debian builds runc in GOPATH mode (no module lines); the toolchain must match Built-Using golang-1.xx (= v)
  const go = pkgs.filter((p) => p.type === 'golang');
  const builtWith = /golang-1\.\d+ \(= ([\d.]+)-/.exec(field(debs.get('runc')!, 'Built-Using'))?.[1];
  assert.ok(builtWith);
  assert.ok(go.some((p) => p.purl === `pkg:golang/stdlib@${builtWith}` && p.locations[0].path === '/usr/sbin/runc'), go.map((p) => p.purl).join(' '));
});
