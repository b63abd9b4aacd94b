import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Package } from '../sbom/model.js';
import { applyOwnership, outerFile, resolveOwnedBy } from './ownership.js';
import { dirAppCatalogers, imageAppCatalogers } from './apps.js';
import { tomcatReleaseNotesCataloger, parseTomcatReleaseNotes } from './java/tomcat.js';
import { memResolver } from '../../test/helpers/memfs.js';
import { parseGoMod } from './golang/go-mod.js';
import { parsePomXml } from './java/pom-xml.js';
import { inTime } from '../../test/helpers/in-time.js';

const pkg = (type: Package['type'], name: string, path: string, purl = ''): Package => ({ name, version: '1', type, purl, licenses: [], locations: [{ path }], foundBy: 't' });

test('ownership: nested jars by their outer file, python by its dist-info, provisional refs resolved later', () => {
  const deb = pkg('deb', 'libfoo-java', '/var/lib/dpkg/status');
  const py = pkg('deb', 'python3-six', '/var/lib/dpkg/status');
  const owned = new Map<string, Package>([
    ['/usr/share/java/foo.war', deb],
    ['/usr/lib/python3/dist-packages/six-1.16.0.dist-info/RECORD', py],
  ]);
  const jar = pkg('maven', 'g:a', '/usr/share/java/foo.war:WEB-INF/lib/a.jar');
  const six = pkg('pypi', 'six', '/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA');
  const mine = pkg('npm', 'x', '/app/node_modules/x/package.json');
  applyOwnership([jar, six, mine], owned);
  assert.equal(jar.ownedBy, 'deb/libfoo-java');
  assert.equal(jar.metadata?.ownerName, 'libfoo-java');
  assert.equal(six.ownedBy, 'deb/python3-six');
  assert.equal(mine.ownedBy, undefined);
  deb.purl = 'pkg:deb/debian/libfoo-java@1?distro=debian-12';
  resolveOwnedBy([jar, six], [deb, py]);
  assert.equal(jar.ownedBy, deb.purl);
  assert.equal(six.ownedBy, 'deb/python3-six');
  assert.equal(outerFile('/a/b.ear:lib/c.war:WEB-INF/lib/d.jar'), '/a/b.ear');
});

test('outerFile: a ":" starts a nested path only right after a Java archive name', () => {
  assert.equal(outerFile('/a/b.ear:lib/c.war:WEB-INF/lib/d.jar'), '/a/b.ear');
  assert.equal(outerFile('/app/X.JAR:BOOT-INF/lib/y.jar'), '/app/X.JAR');
  assert.equal(outerFile('/opt/tomcat:8.5/lib/catalina.jar'), '/opt/tomcat:8.5/lib/catalina.jar');
  assert.equal(outerFile('/srv/node_modules/a:b/package.json'), '/srv/node_modules/a:b/package.json');
  assert.equal(outerFile('/opt/x:y/app.war:WEB-INF/lib/z.jar'), '/opt/x:y/app.war');
  assert.equal(outerFile('/usr/lib/x.jar'), '/usr/lib/x.jar');
  // owned through the file it stands for, not through the part before the first ':'
  const deb: Package = { name: 'libfoo-java', version: '1', type: 'deb', purl: 'pkg:deb/debian/libfoo-java@1', licenses: [], locations: [{ path: '/var/lib/dpkg/status' }], foundBy: 'dpkg' };
  const jar: Package = { name: 'foo', version: '1', type: 'maven', purl: 'pkg:maven/g/foo@1', licenses: [], locations: [{ path: '/usr/share/java/foo:1.jar' }], foundBy: 'java' };
  applyOwnership([jar], new Map([['/usr/share/java/foo:1.jar', deb]]));
  assert.equal(jar.metadata?.ownerName, 'libfoo-java');
});

test('Tomcat RELEASE-NOTES without catalina.jar: post-merge detection', async () => {
  assert.equal(parseTomcatReleaseNotes('\n  Apache Tomcat Version 9.0.80\n  Release Notes'), '9.0.80');
  const fs = memResolver({ '/opt/tomcat/RELEASE-NOTES': 'Apache Tomcat Version 9.0.80\n', '/opt/tomcat/bin/catalina.sh': '#!/bin/sh' });
  const { packages } = await tomcatReleaseNotesCataloger.catalog!(fs, { warn: () => assert.fail() });
  assert.deepEqual(packages.map((p) => [p.purl, p.locations[0].path]), [['pkg:maven/org.apache.tomcat/tomcat@9.0.80', '/opt/tomcat/RELEASE-NOTES']]);
  const withJar = memResolver({ '/opt/tomcat/RELEASE-NOTES': 'Apache Tomcat Version 9.0.80\n', '/opt/tomcat/lib/catalina.jar': 'PK' });
  assert.deepEqual((await tomcatReleaseNotesCataloger.catalog!(withJar, { warn: () => {} })).packages, []);
});

test('registry: unique names, every cataloger has wants and a parser; lockfiles only for directories', () => {
  for (const list of [imageAppCatalogers, dirAppCatalogers]) {
    const names = list.map((c) => c.name);
    assert.equal(new Set(names).size, names.length);
    for (const c of list) assert.ok(c.parseFile || c.catalog, c.name);
  }
  const meta = (path: string) => ({ path, kind: 'file' as const, mode: 0o644, uid: 0, gid: 0, size: 100 });
  assert.ok(!imageAppCatalogers.some((c) => c.wants(meta('/src/package-lock.json'))));
  assert.ok(dirAppCatalogers.some((c) => c.wants(meta('/src/package-lock.json'))));
  assert.ok(!dirAppCatalogers.some((c) => c.wants(meta('/src/node_modules/x/package-lock.json'))));
});

test('go.mod and pom.xml', () => {
  const gomod = 'module example.com/app\n\ngo 1.21\n\nrequire github.com/pkg/errors v0.9.1\n\nrequire (\n\tgolang.org/x/net v0.10.0 // indirect\n\tgithub.com/old/x v1.0.0\n)\n\nreplace github.com/old/x => github.com/new/x v1.1.0\n';
  assert.deepEqual(parseGoMod(gomod, { path: '/src/go.mod' }, () => {}).map((p) => [p.purl, p.metadata?.indirect ?? false]), [
    ['pkg:golang/github.com/pkg/errors@v0.9.1', false],
    ['pkg:golang/golang.org/x/net@v0.10.0', true],
    ['pkg:golang/github.com/new/x@v1.1.0', false],
  ]);
  const pom = '<project><dependencies><dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>1.33</version></dependency><!-- <dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version></dependency> --><dependency><groupId>x</groupId><artifactId>y</artifactId><version>${y.version}</version></dependency></dependencies></project>';
  assert.deepEqual(parsePomXml(pom, { path: '/src/pom.xml' }, () => {}).map((p) => p.purl), ['pkg:maven/org.yaml/snakeyaml@1.33']);
});

test('pom.xml: whitespace in values, scope, exclusions after the coordinates, dependencyManagement, ranges', () => {
  const pom = `<project>
  <dependencyManagement><dependencies><dependency><groupId>m</groupId><artifactId>managed</artifactId><version>
      2.0
  </version><scope>import</scope></dependency></dependencies></dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId> <artifactId>log4j-core</artifactId> <version>2.14.1</version>
      <exclusions><exclusion><groupId>x</groupId><artifactId>y</artifactId></exclusion></exclusions>
    </dependency>
    <dependency><groupId>r</groupId><artifactId>range</artifactId><version>[1.0,2.0)</version></dependency>
  </dependencies>
</project>`;
  const got = parsePomXml(pom, { path: '/src/pom.xml' }, () => {});
  assert.deepEqual(got.map((p) => p.purl), ['pkg:maven/m/managed@2.0', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1']);
  assert.equal(got[0].metadata?.scope, 'import');
});

test('pom.xml: blank runs, unclosed tags and comments are read in linear time (the tag pattern backtracked cubically)', { timeout: 20_000 }, inTime(10_000, () => {
  // a 20 KB run of blanks inside <version> did not finish in ten minutes; the test times out rather than measures
  const blanks = ' '.repeat(400_000);
  const pom = `<project><dependency><groupId>g</groupId><artifactId>a</artifactId><version>${blanks}x</dependency>${'<dependency>'.repeat(30_000)}${'<!--'.repeat(30_000)}</project>`;
  assert.deepEqual(parsePomXml(pom, { path: '/src/pom.xml' }, () => {}), []);
  const ok = `<project><dependency><groupId>g</groupId><artifactId>a</artifactId><version>${blanks}1.0${blanks}</version></dependency></project>`;
  assert.deepEqual(parsePomXml(ok, { path: '/src/pom.xml' }, () => {}).map((p) => p.purl), ['pkg:maven/g/a@1.0']);
}));

test('go.mod: comments cut by index, and long comment or blank runs are read in linear time', { timeout: 20_000 }, inTime(10_000, () => {
  const gomod = `module m\n\nrequire github.com/a/b v1.2.3 // indirect\n${'//'.repeat(200_000)}\rx\nrequire${'\t'.repeat(400_000)}\ra\n`;
  assert.deepEqual(parseGoMod(gomod, { path: '/src/go.mod' }, () => {}).map((p) => [p.purl, p.metadata?.indirect ?? false]), [['pkg:golang/github.com/a/b@v1.2.3', true]]);
}));
