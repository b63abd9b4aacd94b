import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dpkgCataloger } from './cataloger.js';
import { parseDpkgStatus, parseSourceField } from './parse-status.js';
import { licensesFromCopyright } from './copyright.js';
import { detectDistro } from '../distro/detect.js';
import { finalizeOsPackages } from '../distro/os-package.js';
import { memResolver } from '../../../test/helpers/memfs.js';
import { resolverFromTar } from '../../../test/helpers/tar-resolver.js';
import type { Warning } from '../../errors.js';
import type { Package } from '../../sbom/model.js';

const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;
const LAYOUT = new URL('../../../.cache/images/layouts/debian-base/', import.meta.url).pathname;
const ROOTFS_CACHE = '/var/cache/imagelab/debian-bookworm-amd64-native.tar.zst';
const hasDpkgQuery = (() => {
  try {
    execFileSync('dpkg-query', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The reference: dpkg-query over an admin dir, installed packages only. */
function dpkgQuery(admindir: string): string[] {
  const out = execFileSync(
    'dpkg-query',
    ['--admindir=' + admindir, '-W', '-f', '${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n'],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  return out
    .split('\n')
    .filter((l) => /^[ih]i/.test(l))
    .map((l) => l.split('\t').slice(1).join('\t'))
    .sort();
}

const rows = (pkgs: Package[]) =>
  pkgs.map((p) => [p.name, p.version, p.arch ?? '', p.sourceName, p.sourceVersion].join('\t')).sort();

function collect() {
  const warnings: Warning[] = [];
  return { warnings, ctx: { warn: (w: Warning) => warnings.push(w) } };
}

function withStatus<T>(status: string | Buffer, fn: (admindir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'drydock-dpkg-'));
  try {
    writeFileSync(join(dir, 'status'), status);
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('Source field parsing', () => {
  assert.deepEqual(parseSourceField('openssl (1.0.1t-1+deb8u8)', 'libssl1.0.0', '1.0.1t-1+deb8u8'), { sourceName: 'openssl', sourceVersion: '1.0.1t-1+deb8u8' });
  assert.deepEqual(parseSourceField('glibc', 'libc6', '2.36-9'), { sourceName: 'glibc', sourceVersion: '2.36-9' });
  assert.deepEqual(parseSourceField(undefined, 'bash', '5.2.15-2+b2'), { sourceName: 'bash', sourceVersion: '5.2.15-2+b2' });
});

test('dockergoof Debian 8 status matches dpkg-query (381 packages)', { skip: !existsSync(DATA + 'pkgdb/dpkg/snyk-dockergoof-debian8-status') && 'shared data absent' }, (t) => {
  const status = readFileSync(DATA + 'pkgdb/dpkg/snyk-dockergoof-debian8-status');
  const { warnings, ctx } = collect();
  const res = dpkgCataloger.catalog!(memResolver({ '/var/lib/dpkg/status': status }), ctx) as { packages: Package[] };
  assert.equal(res.packages.length, 381);
  assert.deepEqual(warnings, []);
  const openssl = res.packages.find((p) => p.name === 'openssl')!;
  assert.equal(openssl.version, '1.0.1t-1+deb8u8');
  if (!hasDpkgQuery) return t.skip('dpkg-query not installed: compared count and openssl only');
  withStatus(status, (dir) => assert.deepEqual(rows(res.packages), dpkgQuery(dir)));
  finalizeOsPackages(res.packages, { id: 'debian', versionId: '8' });
  const ssl = res.packages.find((p) => p.name === 'libssl1.0.0')!;
  assert.equal(ssl.purl, 'pkg:deb/debian/libssl1.0.0@1.0.1t-1+deb8u8?arch=amd64&distro=debian-8&upstream=openssl');
});

test('trivy Ubuntu status (txtar) matches dpkg-query', { skip: (!existsSync(DATA + 'pkgdb/dpkg/trivy-valid.txtar') || !hasDpkgQuery) && 'shared data or dpkg-query absent' }, () => {
  const txt = readFileSync(DATA + 'pkgdb/dpkg/trivy-valid.txtar', 'utf8');
  const status = txt.slice(txt.indexOf('\n', txt.indexOf('-- var/lib/dpkg/status --')) + 1);
  const { ctx } = collect();
  const res = dpkgCataloger.catalog!(memResolver({ '/var/lib/dpkg/status': status }), ctx) as { packages: Package[] };
  const expected = withStatus(status, dpkgQuery);
  assert.ok(expected.length > 50);
  assert.deepEqual(rows(res.packages), expected);
});

test('broken stanzas: warnings and the rest of the packages, no throw', () => {
  const status = [
    'Package: good\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n',
    'Status: install ok installed\nVersion: 2.0\n', // no Package
    'Package: noversion\nStatus: install ok installed\n',
    'Package: removed\nStatus: deinstall ok config-files\nVersion: 1\n',
    'Package: held\nStatus: hold ok installed\nVersion: 3:1.2\nSource: up (3:1.1)\nDescription: x\n more\ngarbage line\n',
    '\0\0\xff binary junk',
  ].join('\n');
  const warnings: string[] = [];
  const out = parseDpkgStatus(status, '/var/lib/dpkg/status', (w) => warnings.push(w.message));
  assert.deepEqual(out.map((e) => [e.name, e.version, e.sourceName, e.sourceVersion]), [
    ['good', '1.0-1', 'good', '1.0-1'],
    ['held', '3:1.2', 'up', '3:1.1'],
  ]);
  assert.equal(warnings.length, 4, warnings.join('\n'));
});

test('distroless status.d with md5sums ownership', () => {
  const fs = memResolver({
    '/var/lib/dpkg/status.d/base': 'Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n',
    '/var/lib/dpkg/status.d/libssl3': 'Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nSource: openssl\n',
    '/var/lib/dpkg/status.d/libssl3.md5sums': 'abcdef0123  usr/lib/x86_64-linux-gnu/libssl.so.3\n',
    '/usr/lib/x86_64-linux-gnu/libssl.so.3': 'elf',
  });
  const { ctx } = collect();
  const res = dpkgCataloger.catalog!(fs, ctx) as { packages: Package[]; ownedFiles?: Map<string, Package> };
  assert.deepEqual(res.packages.map((p) => p.name).sort(), ['base-files', 'libssl3']);
  assert.equal(res.ownedFiles?.get('/usr/lib/x86_64-linux-gnu/libssl.so.3')?.name, 'libssl3');
  finalizeOsPackages(res.packages, { id: 'debian', versionId: '12' });
  assert.equal(res.packages.find((p) => p.name === 'libssl3')!.purl, 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl');
});

test('DEP-5 licences', () => {
  const text = 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: GPL-2+\n\nFiles: x\nLicense: BSD-3-Clause\n text\n\nLicense: GPL-2+\n On Debian see /usr/share/common-licenses/GPL-2.\n';
  assert.deepEqual(licensesFromCopyright(text), ['BSD-3-Clause', 'GPL-2', 'GPL-2+']);
});

/** The debian-base layer blob from the OCI layout, else the rootfs cache it was built from. */
function debianTar(): string | undefined {
  try {
    const index = JSON.parse(readFileSync(LAYOUT + 'index.json', 'utf8'));
    const mdigest: string = index.manifests[0].digest;
    const manifest = JSON.parse(readFileSync(LAYOUT + 'blobs/sha256/' + mdigest.slice(7), 'utf8'));
    return LAYOUT + 'blobs/sha256/' + manifest.layers[0].digest.slice(7);
  } catch {
    return existsSync(ROOTFS_CACHE) ? ROOTFS_CACHE : undefined;
  }
}

test('debian-base (debootstrap minbase): exactly what dpkg-query lists', { skip: (!debianTar() || !hasDpkgQuery) && 'debian-base image / rootfs cache or dpkg-query absent' }, async () => {
  const tarFile = debianTar()!;
  const fs = await resolverFromTar(tarFile, (p) => dpkgCataloger.wants({ path: p, kind: 'file', mode: 0o644, uid: 0, gid: 0, size: 0 }) || p.endsWith('os-release') || p === '/etc/debian_version');
  const dir = mkdtempSync(join(tmpdir(), 'drydock-deb-'));
  try {
    execFileSync('tar', ['-xf', tarFile, '-C', dir, '--wildcards', '*var/lib/dpkg/*'], { stdio: 'ignore' });
    const expected = dpkgQuery(join(dir, 'var/lib/dpkg'));
    const { warnings, ctx } = collect();
    const res = (await dpkgCataloger.catalog!(fs, ctx)) as { packages: Package[]; ownedFiles?: Map<string, Package> };
    assert.deepEqual(warnings, []);
    assert.ok(expected.length > 50, `dpkg-query listed ${expected.length}`);
    assert.deepEqual(rows(res.packages), expected);

    const distro = detectDistro(fs);
    assert.equal(distro?.id, 'debian');
    assert.equal(distro?.versionId, '12');
    assert.equal(distro?.versionCodename, 'bookworm');
    finalizeOsPackages(res.packages, distro);
    const bash = res.packages.find((p) => p.name === 'bash')!;
    assert.match(bash.purl, /^pkg:deb\/debian\/bash@[^?]+\?arch=amd64&distro=debian-12/);
    assert.ok(bash.licenses.includes('GPL-3+'), bash.licenses.join(','));
    // ownership from info/<pkg>.list: the same lines dpkg itself recorded
    const infoDir = join(dir, 'var/lib/dpkg/info');
    const bashList = readFileSync(join(infoDir, 'bash.list'), 'utf8');
    assert.ok(bashList.includes('/usr/bin/bash\n') || bashList.includes('/bin/bash\n'));
    assert.equal(res.ownedFiles?.get(bashList.includes('/usr/bin/bash\n') ? '/usr/bin/bash' : '/bin/bash')?.name, 'bash');
    const libc = res.packages.find((p) => p.name === 'libc6')!;
    const libcList = readdirSync(infoDir).find((f) => /^libc6(:amd64)?\.list$/.test(f))!;
    const someLib = readFileSync(join(infoDir, libcList), 'utf8').split('\n').find((l) => /\/libc\.so\.6$/.test(l))!;
    assert.equal(res.ownedFiles?.get(someLib), libc);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
