import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { matchPackages } from './match.js';
import { buildStore } from '../vulndb/test-store.js';
import { SHARED, apkPackages, dpkgPackages, filesFromImage, mavenPackage } from './test-packages.js';
import type { Finding } from './types.js';
import type { VulnStore } from '../vulndb/types.js';

const FX = new URL('../../test/fixtures/vulndb/', import.meta.url).pathname;
const have = (p: string) => existsSync(SHARED + p);
const skipMsg = (p: string) => (have(p) ? false : `shared data ${p} not present`);

const by = (fs: Finding[], pkg: string, id: string) => fs.find((f) => f.package.name === pkg && f.id === id);

test('alpine:3.14.9 with the 3.14 secdb: CVE-2023-0464/0465 on libcrypto1.1 and libssl1.1; 3.14.10 has neither', { skip: skipMsg('images/containerd-alpine-3.14.9.tar') }, async () => {
  const { store } = await buildStore([FX + 'v3.14-main-partial.json']);
  const img = filesFromImage(SHARED + 'images/containerd-alpine-3.14.9.tar', ['/lib/apk/db/installed']);
  assert.equal(img.distro?.versionId, '3.14.9');
  const findings = matchPackages(apkPackages(img.files.get('/lib/apk/db/installed')!), img.distro, store);
  for (const pkg of ['libcrypto1.1', 'libssl1.1']) {
    const f64 = by(findings, pkg, 'CVE-2023-0464');
    const f65 = by(findings, pkg, 'CVE-2023-0465');
    assert.ok(f64 && f65, `${pkg}: ${findings.filter((f) => f.package.name === pkg).map((f) => f.id)}`);
    assert.equal(f64.fixedVersion, '1.1.1t-r1');
    assert.equal(f65.fixedVersion, '1.1.1t-r2');
    assert.equal(f64.status, 'fixed');
    assert.equal(f64.installedVersion, '1.1.1t-r0');
    assert.equal(f64.dataSource, 'alpine-secdb');
  }
  // busybox CVEs listed under "0" never affected 3.14
  assert.ok(!findings.some((f) => ['CVE-2021-42373', 'CVE-2021-42376'].includes(f.id)));

  const newer = filesFromImage(SHARED + 'rootfs/alpine-minirootfs-3.14.10-x86_64.tar.gz', ['/lib/apk/db/installed']);
  assert.equal(newer.distro?.versionId, '3.14.10');
  const after = matchPackages(apkPackages(newer.files.get('/lib/apk/db/installed')!), newer.distro, store);
  assert.ok(!after.some((f) => f.id === 'CVE-2023-0464' || f.id === 'CVE-2023-0465'), after.map((f) => `${f.package.name} ${f.id}`).join(', '));
  // the same packages against another release's stream match nothing
  assert.equal(matchPackages(apkPackages(img.files.get('/lib/apk/db/installed')!), { id: 'alpine', versionId: '3.15.0' }, store).length, 0);
  store.close();
});

test('Debian 8 dpkg status against the DSA/DLA records: openssl DSAs by source package', { skip: skipMsg('osv/debian-dsa-dla-2023-04.zip') }, async () => {
  const { store } = await buildStore([SHARED + 'osv/debian-dsa-dla-2023-04.zip']);
  const pkgs = dpkgPackages(readFileSync(SHARED + 'pkgdb/dpkg/snyk-dockergoof-debian8-status', 'utf8'));
  const openssl = pkgs.filter((p) => p.sourceName === 'openssl');
  assert.ok(openssl.length >= 1);
  const findings = matchPackages(pkgs, { id: 'debian', versionId: '8' }, store);
  const ssl = findings.filter((f) => f.package.sourceName === 'openssl');
  const ids = new Set(ssl.map((f) => f.id));
  // 1.0.1t-1+deb8u8 is past every jessie openssl DSA (the last, DSA-4157-1, fixed deb8u8): only the LTS DLAs apply
  assert.deepEqual([...ids].sort(), ['DLA-1449-1', 'DLA-1586-1', 'DLA-1701-1', 'DLA-1932-1']);
  assert.equal(ssl.find((f) => f.id === 'DLA-1449-1' && f.package.name === 'openssl')?.fixedVersion, '1.0.1t-1+deb8u9');
  for (const f of ssl) {
    assert.equal(f.dataSource, 'osv:Debian');
    assert.ok(f.fixedVersion && f.fixedVersion.includes('deb8'), `${f.id} ${f.fixedVersion}`);
    assert.ok(f.aliases.some((a) => a.startsWith('CVE-')), f.id);
  }
  // an older build of the same packages gets the DSAs
  const older = pkgs.filter((p) => p.sourceName === 'openssl').map((p) => ({ ...p, version: '1.0.1t-1+deb8u5', sourceVersion: '1.0.1t-1+deb8u5' }));
  const dsas = new Set(matchPackages(older, { id: 'debian', versionId: '8' }, store).map((f) => f.id));
  for (const id of ['DSA-3773-1', 'DSA-4018-1', 'DSA-4157-1']) assert.ok(dsas.has(id), id);
  assert.ok(!dsas.has('DSA-3673-2'), 'fixed in deb8u5 itself');
  // Debian 9 records never apply to Debian 8 packages
  assert.ok(findings.every((f) => !f.fixedVersion || !/deb9u/.test(f.fixedVersion)));
  console.log(`debian 8: ${findings.length} findings; openssl: ${[...ids].sort().join(' ')}`);
  // a store without the batched lookup (one statement per name) gives the same findings
  const methods = ['metadata', 'counts', 'affected', 'vuln', 'byAlias', 'kev', 'epss', 'close'] as const;
  const oneByOne = { path: store.path, ...Object.fromEntries(methods.map((k) => [k, store[k].bind(store)])) } as VulnStore;
  assert.equal(oneByOne.affectedMany, undefined);
  assert.deepEqual(matchPackages(pkgs, { id: 'debian', versionId: '8' }, oneByOne), findings);
  store.close();
});

test('Tomcat 8.5.21 reports CVE-2017-12617 (KEV) and 8.5.23 does not', { skip: skipMsg('osv/tomcat-ghsa') }, async () => {
  const { store } = await buildStore([SHARED + 'osv/tomcat-ghsa', FX + 'kev-subset.json']);
  const old = matchPackages([mavenPackage('org.apache.tomcat:tomcat', '8.5.21')], undefined, store);
  const f = old.find((x) => x.id === 'CVE-2017-12617');
  assert.ok(f, old.map((x) => x.id).join(' '));
  assert.deepEqual(f.aliases, ['GHSA-xjgh-84hx-56c5']);
  assert.equal(f.fixedVersion, '8.5.23');
  assert.deepEqual(f.kev, { dateAdded: '2022-03-25', dueDate: '2022-04-15', knownRansomware: false });
  assert.equal(f.severitySource, 'ghsa');
  assert.equal(f.severity, 'HIGH');
  assert.deepEqual(f.cvss, { score: 8.1, vector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', version: '3.0' });
  assert.ok(f.title?.includes('Tomcat'));
  const fixed = matchPackages([mavenPackage('org.apache.tomcat:tomcat', '8.5.23')], undefined, store);
  assert.ok(!fixed.some((x) => x.id === 'CVE-2017-12617'));
  // 8.5.23 still has the later ones (CVE-2022-42252 fixed in 8.5.83)
  assert.ok(fixed.some((x) => x.id === 'CVE-2022-42252' && x.fixedVersion === '8.5.83'));
  // owned language packages are skipped unless asked for
  const owned = { ...mavenPackage('org.apache.tomcat:tomcat', '8.5.21'), ownedBy: 'pkg:deb/debian/tomcat8@8.5.21' };
  assert.equal(matchPackages([owned], undefined, store).length, 0);
  assert.ok(matchPackages([owned], undefined, store, { matchOwned: true }).length > 0);
  store.close();
});
