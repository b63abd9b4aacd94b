// fastOsPurl against packageurl-js: every purl the fast path builds must be the library's, character for character,
// over real package databases (this machine's dpkg status, the shared apk and rpm databases) and over every character
// of the fast path's set and a few outside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { PackageURL } from 'packageurl-js';
import { fastOsPurl, osPurl, osPurlParts, type OsPurlParts } from './os-package.js';
import { dpkgCataloger } from '../dpkg/cataloger.js';
import { apkCataloger, APK_DB } from '../apk/cataloger.js';
import { rpmCataloger } from '../rpm/cataloger.js';
import { memResolver } from '../../../test/helpers/memfs.js';
import type { Distro, Package } from '../../sbom/model.js';

const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;
const library = (p: OsPurlParts): string => new PackageURL(p.type, p.namespace, p.name, p.version, p.qualifiers, undefined).toString();

/** Compares the fast path with the library for each package; returns how many the fast path built. */
function compare(packages: Package[], distro: Distro): number {
  let fast = 0;
  for (const p of packages) {
    const parts = osPurlParts(p, distro)!;
    const expected = library(parts);
    const got = fastOsPurl(parts);
    if (got !== undefined) {
      fast++;
      assert.equal(got, expected, `${p.type} ${p.name} ${p.version}`);
    }
    assert.equal(osPurl(p, distro), expected);
  }
  return fast;
}

test("this machine's dpkg status: the fast path builds the library's purl", { skip: !existsSync('/var/lib/dpkg/status') && 'no /var/lib/dpkg/status here' }, async () => {
  const res = await dpkgCataloger.catalog!(memResolver({ '/var/lib/dpkg/status': readFileSync('/var/lib/dpkg/status') }), { warn: () => {} });
  assert.ok(res.packages.length > 50, `${res.packages.length} packages`);
  const fast = compare(res.packages, { id: 'debian', versionId: '12' });
  // names such as g++-12 and upstream versions with "~" are in the fast path's set: nearly all of them take it
  assert.ok(fast >= res.packages.length * 0.95, `${fast} of ${res.packages.length} built by the fast path`);
});

test('shared dpkg, apk and rpm databases: the fast path builds the library purl', { skip: !existsSync(DATA + 'pkgdb') && 'shared data absent' }, async () => {
  const dpkg = await dpkgCataloger.catalog!(memResolver({ '/var/lib/dpkg/status': readFileSync(DATA + 'pkgdb/dpkg/snyk-dockergoof-debian8-status') }), { warn: () => {} });
  assert.ok(compare(dpkg.packages, { id: 'debian', versionId: '8' }) > 300);
  for (const f of ['scalibr-installed', 'trivy-apk-installed']) {
    const apk = await apkCataloger.catalog!(memResolver({ [APK_DB]: readFileSync(DATA + 'pkgdb/apk/' + f) }), { warn: () => {} });
    assert.ok(apk.packages.length > 0, f);
    assert.ok(compare(apk.packages, { id: 'alpine', versionId: '3.18.4' }) > 0, f);
  }
  const rpm = await rpmCataloger.catalog!(memResolver({ '/var/lib/rpm/rpmdb.sqlite': readFileSync(DATA + 'pkgdb/rpm/cbl-mariner-2.0.rpmdb.sqlite') }), { warn: () => {} });
  assert.ok(compare(rpm.packages, { id: 'mariner', versionId: '2.0' }) > 100);
  const epoch = await rpmCataloger.catalog!(memResolver({ '/var/lib/rpm/Packages': readFileSync(DATA + 'pkgdb/rpm/scalibr-Packages_epoch') }), { warn: () => {} });
  assert.equal(compare(epoch.packages, { id: 'rhel', versionId: '9.4' }), epoch.packages.length);
});

test('every character of the set, and characters outside it, in every component', () => {
  const inside = [...'abzAZ09._~+:@-'];
  const outside = [' ', '/', '%', '?', '#', '&', '=', 'é', '\u0000', '!', '*', "'", '(', ')', ',', ';', '$', '[', ']'];
  let fast = 0;
  for (const type of ['deb', 'apk', 'rpm'] as const) {
    for (const ch of [...inside, ...outside]) {
      const variants: OsPurlParts[] = [
        { type, namespace: 'debian', name: `a${ch}b`, version: '1.0', qualifiers: { arch: 'amd64' } },
        { type, namespace: `x${ch}y`, name: 'a', version: '1.0', qualifiers: {} },
        { type, namespace: 'debian', name: 'a', version: `1${ch}2`, qualifiers: { distro: 'debian-12' } },
        { type, namespace: 'debian', name: 'a', version: '1', qualifiers: { upstream: `x${ch}y`, arch: 'all', distro: 'debian-12' } },
        { type, namespace: 'redhat', name: 'a', version: '1', qualifiers: { epoch: '1', upstream: `src${ch}.rpm` } },
      ];
      for (const v of variants) {
        let expected: string | undefined;
        try {
          expected = library(v);
        } catch {
          // the library refuses it: so must the fast path (osPurl's caller falls back to an encoded form)
          assert.equal(fastOsPurl(v), undefined, JSON.stringify(v));
          continue;
        }
        const got = fastOsPurl(v);
        if (got !== undefined) {
          fast++;
          assert.equal(got, expected, JSON.stringify(v));
        }
      }
    }
  }
  assert.ok(fast > 150, `${fast} built by the fast path`);
  // left to the library: empty and unknown qualifiers, upper-case namespaces, no version
  assert.equal(fastOsPurl({ type: 'deb', namespace: 'debian', name: 'a', version: '1', qualifiers: { arch: '' } }), undefined);
  assert.equal(fastOsPurl({ type: 'deb', namespace: 'debian', name: 'a', version: '1', qualifiers: { other: 'x' } }), undefined);
  assert.equal(fastOsPurl({ type: 'deb', namespace: 'Debian', name: 'a', version: '1', qualifiers: {} }), undefined);
  assert.equal(fastOsPurl({ type: 'deb', namespace: undefined, name: 'a', version: '1', qualifiers: {} }), undefined);
  const noVersion: OsPurlParts = { type: 'apk', namespace: 'alpine', name: 'musl', version: '', qualifiers: { arch: 'x86_64' } };
  assert.equal(fastOsPurl(noVersion), library(noVersion));
});
