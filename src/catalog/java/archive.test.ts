import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { Warning } from '../../errors.js';
import type { Package } from '../../sbom/model.js';
import { makeZip, pomProperties } from '../../../test/helpers/make-zip.js';
import { scanJavaArchive, DEFAULT_JAVA_LIMITS } from './archive.js';

const DATA = new URL('../../../../shared/data/java/', import.meta.url).pathname;

async function scan(buf: Buffer, path = '/app/x.jar', limits = DEFAULT_JAVA_LIMITS): Promise<{ pkgs: Package[]; warnings: Warning[] }> {
  const warnings: Warning[] = [];
  const pkgs = await scanJavaArchive(buf, { path, layerIndex: 1 }, { warn: (w) => warnings.push(w) }, limits);
  return { pkgs, warnings };
}
const ids = (ps: Package[]): string[] => ps.map((p) => `${p.purl} ${p.locations[0].path}`).sort();

function realJar(name: string, t: { skip(m: string): void }): Buffer | undefined {
  if (!existsSync(DATA + name)) {
    t.skip(`${DATA}${name} absent`);
    return undefined;
  }
  return readFileSync(DATA + name);
}

test('tomcat-embed-core without pom.properties: identity from the manifest main section only', async (t) => {
  const buf = realJar('tomcat-embed-core-9.0.63.jar', t);
  if (!buf) return;
  const { pkgs } = await scan(buf, '/app/tomcat-embed-core-9.0.63.jar');
  assert.deepEqual(ids(pkgs), ['pkg:maven/org.apache.tomcat.embed/tomcat-embed-core@9.0.63 /app/tomcat-embed-core-9.0.63.jar']);
  assert.equal(pkgs[0].group, 'org.apache.tomcat.embed');
  // a later section of this manifest says 1.1.FR: it must not leak
  assert.match(execFileSync('unzip', ['-p', DATA + 'tomcat-embed-core-9.0.63.jar', 'META-INF/MANIFEST.MF']).toString(), /Implementation-Version: 1\.1\.FR/);
});

test('guava: pom.properties identity agrees with unzip -p', async (t) => {
  const buf = realJar('guava-31.1-jre.jar', t);
  if (!buf) return;
  const { pkgs } = await scan(buf, '/app/guava-31.1-jre.jar');
  assert.deepEqual(ids(pkgs), ['pkg:maven/com.google.guava/guava@31.1-jre /app/guava-31.1-jre.jar']);
  const props = execFileSync('unzip', ['-p', DATA + 'guava-31.1-jre.jar', 'META-INF/maven/com.google.guava/guava/pom.properties']).toString();
  assert.match(props, new RegExp(`version=${pkgs[0].version}`));
});

test('Spring Boot war: every component across three levels of nesting', async (t) => {
  const buf = realJar('snyk-mywar-springboot-tomcat-9.0.63.war', t);
  if (!buf) return;
  const { pkgs, warnings } = await scan(buf, '/app/demo.war');
  assert.deepEqual(warnings, []);
  assert.deepEqual(ids(pkgs), [
    'pkg:maven/com.example/demo@0.0.1-SNAPSHOT /app/demo.war',
    'pkg:maven/com.google.guava/listenablefuture@9999.0-empty-to-avoid-conflict-with-guava /app/demo.war:WEB-INF/lib/level-3-jar.jar:level-2-jar.jar:lib/listenablefuture-9999.0-empty-to-avoid-conflict-with-guava.jar',
    'pkg:maven/org.apache.tomcat.embed/tomcat-embed-core@9.0.63 /app/demo.war:WEB-INF/lib-provided/tomcat-embed-core-9.0.63.jar',
    'pkg:maven/org.apache.tomcat.embed/tomcat-embed-el@9.0.63 /app/demo.war:WEB-INF/lib-provided/tomcat-embed-el-9.0.63.jar',
    'pkg:maven/org.apache.tomcat.embed/tomcat-embed-websocket@9.0.63 /app/demo.war:WEB-INF/lib-provided/tomcat-embed-websocket-9.0.63.jar',
  ]);
});

test('trivy-test.war: every WEB-INF/lib jar, cross-checked with unzip -l', async (t) => {
  const buf = realJar('trivy-test.war', t);
  if (!buf) return;
  const { pkgs } = await scan(buf, '/app/trivy-test.war');
  const want = ['com.fasterxml.jackson.core:jackson-databind@2.9.10.6', 'com.cronutils:cron-utils@9.1.2', 'org.apache.commons:commons-lang3@3.11', 'org.slf4j:slf4j-api@1.7.30'];
  const got = pkgs.map((p) => `${p.name}@${p.version}`);
  for (const w of want) assert.ok(got.includes(w), `${w} in ${got.join(', ')}`);
  const listed = execFileSync('unzip', ['-Z1', DATA + 'trivy-test.war']).toString().split('\n').filter((l) => l.endsWith('.jar'));
  for (const jar of listed) assert.ok(pkgs.some((p) => p.locations[0].path === `/app/trivy-test.war:${jar}`), `a package for ${jar}`);
});

test('shaded jar reports every embedded pom.properties', async () => {
  const jar = makeZip([
    { name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\nImplementation-Title: app\nImplementation-Version: 3.0\n' },
    pomProperties('org.yaml', 'snakeyaml', '1.33'),
    pomProperties('com.google.code.gson', 'gson', '2.8.9'),
  ]);
  const { pkgs } = await scan(jar, '/app/app-3.0.jar');
  assert.deepEqual(pkgs.map((p) => p.purl).sort(), ['pkg:maven/app@3.0', 'pkg:maven/com.google.code.gson/gson@2.8.9', 'pkg:maven/org.yaml/snakeyaml@1.33']);
});

test('file-name fallback and an unknown group left empty', async () => {
  const { pkgs } = await scan(makeZip([{ name: 'a/B.class', data: 'x' }]), '/app/commons-io-2.11.0.jar');
  assert.deepEqual(pkgs.map((p) => [p.purl, p.group, p.metadata?.identitySource]), [['pkg:maven/commons-io@2.11.0', undefined, 'filename']]);
});

test('hostile archives give warnings, never throws', async () => {
  // truncated: the central directory is gone
  const good = makeZip([pomProperties('g', 'a', '1')]);
  let r = await scan(good.subarray(0, good.length - 30));
  assert.equal(r.pkgs.length, 0);
  assert.match(r.warnings[0].message, /^not a readable zip/, 'the file is named once, in `file`');
  assert.equal(r.warnings[0].file, '/app/x.jar');

  // encrypted pom.properties: skipped with a warning
  r = await scan(makeZip([{ ...pomProperties('g', 'a', '1'), encrypted: true }]), '/app/x.jar');
  assert.deepEqual(r.pkgs, []);
  assert.match(r.warnings[0].message, /encrypted/);

  // zip-slip names are ignored, the rest is read
  r = await scan(makeZip([{ name: '../../etc/passwd', data: 'x' }, { name: '/abs.jar', data: 'x' }, pomProperties('g', 'a', '1')]));
  assert.deepEqual(r.pkgs.map((p) => p.purl), ['pkg:maven/g/a@1']);
  assert.match(r.warnings[0].message, /2 entries with unsafe names/);

  // an entry whose data is bigger than it declares: yauzl refuses it
  const inner = makeZip([pomProperties('g', 'inner', '1')]);
  r = await scan(makeZip([{ name: 'lib/inner.jar', data: inner, declaredSize: 10 }]));
  assert.deepEqual(r.pkgs, []);
  assert.ok(r.warnings.some((w) => /inner\.jar/.test(w.message)), JSON.stringify(r.warnings));
});

test('zip bomb: inflated bytes bounded per top-level archive', async () => {
  // default limit: a nested entry declaring 1 GiB is not inflated at all
  let r = await scan(makeZip([{ name: 'lib/bomb.jar', data: 'tiny', declaredSize: 1024 * 1024 * 1024 }]));
  assert.match(r.warnings[0].message, /above the limit/);
  // a real highly compressible entry (4 MiB of zeros) above a 1 MiB budget
  const zeros = makeZip([{ name: 'lib/zeros.jar', data: Buffer.alloc(4 * 1024 * 1024) }]);
  assert.ok(zeros.length < 10_000);
  r = await scan(zeros, '/app/x.jar', { ...DEFAULT_JAVA_LIMITS, maxInflatedBytes: 1024 * 1024 });
  assert.deepEqual(r.pkgs, []);
  assert.match(r.warnings[0].message, /above the limit|budget/);
});

test('nesting depth is bounded', async () => {
  let jar = makeZip([pomProperties('g', 'level6', '1')]);
  for (let i = 5; i >= 1; i--) jar = makeZip([pomProperties('g', `level${i}`, '1'), { name: `lib/l${i + 1}.jar`, data: jar }]);
  const r = await scan(jar, '/app/l1.jar', { ...DEFAULT_JAVA_LIMITS, maxDepth: 3 });
  assert.deepEqual(r.pkgs.map((p) => p.metadata?.artifactId), ['level1', 'level2', 'level3', 'level4']);
  // a nested archive is named by its path inside the file the warning names
  assert.equal(r.warnings[0].file, '/app/l1.jar');
  assert.match(r.warnings[0].message, /^lib\/l2\.jar:lib\/l3\.jar:lib\/l4\.jar: nesting deeper than 3/);
  assert.equal(r.pkgs[3].locations[0].path, '/app/l1.jar:lib/l2.jar:lib/l3.jar:lib/l4.jar');
});

test('fast central-directory listing agrees with yauzl and with unzip -Z1', async (t) => {
  const { openZip, listEntries } = await import('./zip.js');
  for (const name of ['guava-31.1-jre.jar', 'trivy-test.war']) {
    const buf = realJar(name, t);
    if (!buf) return;
    const fast = (await listEntries(await openZip(buf), 1e6, buf)).entries.map((e) => `${e.name} ${e.uncompressedSize}`);
    const slow = (await listEntries(await openZip(buf), 1e6)).entries.map((e) => `${e.name} ${e.uncompressedSize}`);
    assert.deepEqual(fast, slow);
    assert.deepEqual(fast.map((l) => l.split(' ')[0]), execFileSync('unzip', ['-Z1', DATA + name]).toString().split('\n').filter(Boolean));
  }
});

test('the raw-name filter keeps every name the walk uses and passes over class files', async (t) => {
  const { javaNameFilter } = await import('./archive.js');
  const { fastListEntries, isUnsafeEntryName } = await import('./zip.js');
  const keep = (n: string): boolean => {
    const b = Buffer.from(`xx${n}yy`);
    const f = javaNameFilter();
    f.begin?.(b, 0, b.length);
    return f.keep(b, 2, b.length - 2);
  };
  for (const n of ['META-INF/MANIFEST.MF', 'META-INF/maven/g/a/pom.properties', 'WEB-INF/lib/a-1.jar', 'lib/B.WAR', 'x.hpi', '../evil.jar', 'a/../../b', '/abs', '\\win', 'C:x', 'nul\0x.jar', '../x.class']) {
    assert.ok(keep(n), n);
  }
  for (const n of ['org/a/B.class', 'META-INF/', 'lib/', 'a.xml', 'META-INF/MANIFEST.MFX', 'x.jar.sha1', 'META-INF/MANIFEST.M']) {
    assert.ok(!keep(n), n);
  }
  // over real archives: the filtered listing holds exactly the names the unfiltered walk would act on
  for (const name of ['guava-31.1-jre.jar', 'trivy-test.war', 'snyk-mywar-springboot-tomcat-9.0.63.war', 'tomcat-embed-core-9.0.63.jar']) {
    const buf = realJar(name, t);
    if (!buf) return;
    const all = fastListEntries(buf, 1e6)!.entries.map((e) => e.name);
    const used = all.filter((n) => !n.endsWith('/') && (isUnsafeEntryName(n) || n === 'META-INF/MANIFEST.MF' || n.endsWith('/pom.properties') || /\.(jar|war|ear|par|sar|jpi|hpi|nar|kar|rar)$/i.test(n)));
    const kept = fastListEntries(buf, 1e6, javaNameFilter())!.entries.map((e) => e.name);
    assert.deepEqual(kept, used, name);
    if (all.length > 1000) assert.ok(kept.length < all.length / 20, `${name}: ${kept.length} of ${all.length} kept`);
  }
});

test('the manifest is not inflated when a pom.properties names the jar', async () => {
  // an encrypted manifest would warn if it were read
  const jar = makeZip([{ name: 'META-INF/MANIFEST.MF', data: 'Implementation-Version: 9\n', encrypted: true }, pomProperties('g', 'a', '1')]);
  const r = await scan(jar, '/app/a-1.jar');
  assert.deepEqual(ids(r.pkgs), ['pkg:maven/g/a@1 /app/a-1.jar']);
  assert.deepEqual(r.warnings, []);
  // two poms, neither the jar's own: the manifest is read (and its encryption reported)
  const shaded = makeZip([{ name: 'META-INF/MANIFEST.MF', data: 'Implementation-Version: 9\n', encrypted: true }, pomProperties('g', 'b', '1'), pomProperties('g', 'c', '1')]);
  const s = await scan(shaded, '/app/app-2.jar');
  assert.match(s.warnings[0]?.message ?? '', /MANIFEST\.MF: encrypted/);
});

test('a zip64 archive (65,536 entries) goes through yauzl, and archives nested in it are still read', async (t) => {
  const inner = realJar('tomcat-embed-el-9.0.63.jar', t);
  if (!inner) return;
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'drydock-zip64-'));
  try {
    const out = join(dir, 'z64.jar');
    const py = `import zipfile,sys
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('META-INF/maven/g/big/pom.properties', 'groupId=g\\nartifactId=big\\nversion=7\\n')
    z.writestr('lib/tomcat-embed-el-9.0.63.jar', open(sys.argv[2], 'rb').read())
    for i in range(65536): z.writestr('c/%d.class' % i, '')`;
    try {
      execFileSync('python3', ['-c', py, out, DATA + 'tomcat-embed-el-9.0.63.jar']);
    } catch {
      t.skip('python3 is needed to write a zip64 archive');
      return;
    }
    const buf = readFileSync(out);
    assert.equal(buf.readUInt16LE(buf.length - 12), 0xffff, 'the end record defers to zip64');
    const r = await scan(buf, '/app/big-7.jar', { ...DEFAULT_JAVA_LIMITS, maxEntries: 100 });
    assert.deepEqual(ids(r.pkgs), ['pkg:maven/g/big@7 /app/big-7.jar', 'pkg:maven/org.apache.tomcat.embed/tomcat-embed-el@9.0.63 /app/big-7.jar:lib/tomcat-embed-el-9.0.63.jar']);
    assert.match(r.warnings[0].message, /more than 100 entries/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an understated central-directory size does not hide zip-slip names from the warning', async () => {
  const jar = makeZip([pomProperties('g', 'a', '1'), { name: 'org/A.class', data: 'x' }, { name: 'x/../../../etc/passwd.class', data: 'x' }]);
  jar.writeUInt32LE(10, jar.length - 22 + 12); // cdSize: 10 bytes
  const r = await scan(jar, '/app/a-1.jar');
  assert.deepEqual(ids(r.pkgs), ['pkg:maven/g/a@1 /app/a-1.jar']);
  assert.match(r.warnings.map((w) => w.message).join('\n'), /1 entries with unsafe names/);
});

test('a Tomcat installation whose path holds a ":" is still an installation; a catalina.jar inside a war is not', async () => {
  const catalina = makeZip([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\nImplementation-Title: Apache Tomcat\nImplementation-Version: 8.5.21\nImplementation-Vendor: Apache Software Foundation\n' }]);
  for (const dir of ['/usr/local/tomcat', '/opt/tomcat:8.5']) {
    const { pkgs, warnings } = await scan(catalina, `${dir}/lib/catalina.jar`);
    assert.deepEqual(warnings, []);
    assert.deepEqual(ids(pkgs), [`pkg:maven/org.apache.tomcat/tomcat-catalina@8.5.21 ${dir}/lib/catalina.jar`, `pkg:maven/org.apache.tomcat/tomcat@8.5.21 ${dir}/lib/catalina.jar`]);
  }
  // a file name with a ':' keeps its whole name for the file-name fallback
  assert.deepEqual(ids((await scan(makeZip([{ name: 'a/B.class', data: 'x' }]), '/app/odd:name-2.1.0.jar')).pkgs), ['pkg:maven/odd%3Aname@2.1.0 /app/odd:name-2.1.0.jar']);
  const war = makeZip([{ name: 'WEB-INF/lib/catalina.jar', data: catalina }]);
  assert.deepEqual(ids((await scan(war, '/srv/app.war')).pkgs), ['pkg:maven/org.apache.tomcat/tomcat-catalina@8.5.21 /srv/app.war:WEB-INF/lib/catalina.jar']);
});
