import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apkCataloger, APK_DB } from './cataloger.js';
import { detectDistro, DISTRO_FILES } from '../distro/detect.js';
import { finalizeOsPackages } from '../distro/os-package.js';
import { memResolver } from '../../../test/helpers/memfs.js';
import { resolverFromTar, treeFromTar } from '../../../test/helpers/tar-resolver.js';
import type { Warning } from '../../errors.js';
import type { FileResolver } from '../../image/layer/types.js';
import type { Package } from '../../sbom/model.js';

const DATA = new URL('../../../../shared/data/', import.meta.url).pathname;
const keep = (p: string) => p === APK_DB || DISTRO_FILES.includes(p);

/** Independent truth: awk over the raw database (P/V/A/o of entries that have P and V). */
function awkTruth(db: string): string[] {
  const script = 'BEGIN{RS="";FS="\\n"}{p="";v="";a="";o="";for(i=1;i<=NF;i++){k=substr($i,1,2);x=substr($i,3);if(k=="P:")p=x;else if(k=="V:")v=x;else if(k=="A:")a=x;else if(k=="o:")o=x}if(p!=""&&v!="")print p"\\t"v"\\t"a"\\t"(o==""?p:o)}';
  return execFileSync('awk', [script, db], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
}

const rows = (pkgs: Package[]) => pkgs.map((p) => [p.name, p.version, p.arch ?? '', p.sourceName].join('\t')).sort();

async function run(fs: FileResolver) {
  const warnings: Warning[] = [];
  const res = await apkCataloger.catalog!(fs, { warn: (w) => warnings.push(w) });
  return { ...res, warnings };
}

function withTemp<T>(name: string, data: Buffer, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'drydock-apk-'));
  try {
    writeFileSync(join(dir, name), data);
    return fn(join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const name of ['scalibr-installed', 'trivy-apk-installed']) {
  const file = DATA + 'pkgdb/apk/' + name;
  test(`apk db fixture ${name} matches an independent awk reading`, { skip: !existsSync(file) && 'shared data absent' }, async () => {
    const res = await run(memResolver({ [APK_DB]: readFileSync(file) }));
    assert.deepEqual(rows(res.packages), awkTruth(file));
    assert.ok(res.packages.length > 10);
    if (name.startsWith('trivy')) {
      // the deliberately invalid entry (a name, no version) is a warning, not a crash
      assert.equal(res.warnings.length, 1);
      assert.match(res.warnings[0].message, /invalidPackageWithoutAVersion/);
      const musl = res.packages.find((p) => p.name === 'musl')!;
      assert.deepEqual(musl.licenses, ['MIT']);
      assert.equal(res.ownedFiles?.get('/lib/libc.musl-x86_64.so.1'), musl);
    } else {
      assert.deepEqual(res.warnings, []);
    }
  });
}

const rootfsDir = DATA + 'rootfs/';
const minirootfs = existsSync(rootfsDir) ? readdirSync(rootfsDir).filter((f) => /^alpine-minirootfs-.*\.tar\.gz$/.test(f)) : [];
test('alpine minirootfs tarballs present', { skip: minirootfs.length === 0 && 'shared rootfs data absent' }, () => assert.ok(minirootfs.length >= 1));
for (const f of minirootfs) {
  test(`${f}: distro and packages`, async () => {
    const tarFile = rootfsDir + f;
    const fs = await resolverFromTar(tarFile, keep);
    const release = /alpine-minirootfs-([\d.]+)-/.exec(f)![1];
    const distro = detectDistro(fs);
    assert.deepEqual([distro?.id, distro?.versionId], ['alpine', release]);
    assert.equal(fs.read('/etc/alpine-release')?.toString().trim(), release);
    const res = await run(fs);
    assert.deepEqual(res.warnings, []);
    const db = execFileSync('tar', ['-xzOf', tarFile, './lib/apk/db/installed'], { maxBuffer: 64 << 20 });
    assert.deepEqual(rows(res.packages), withTemp('installed', db, awkTruth));
    finalizeOsPackages(res.packages, distro);
    const bb = res.packages.find((p) => p.name === 'busybox')!;
    assert.equal(bb.purl, `pkg:apk/alpine/busybox@${bb.version}?arch=x86_64&distro=${release}`);
    // busybox owns /bin/busybox through its R: lines
    assert.equal(res.ownedFiles?.get('/bin/busybox'), bb);
  });
}

const archive = DATA + 'images/containerd-alpine-3.14.9.tar';
test('containerd OCI archive alpine:3.14.9', { skip: !existsSync(archive) && 'shared image absent' }, async () => {
  // walk index → manifest list → amd64 manifest → layer by hand, as the test's own reference path
  const outer = await treeFromTar(archive);
  const blob = (digest: string) => outer['/blobs/sha256/' + digest.replace('sha256:', '')].content as Buffer;
  const index = JSON.parse(outer['/index.json'].content!.toString());
  let manifest = JSON.parse(blob(index.manifests[0].digest).toString());
  if (manifest.manifests) manifest = JSON.parse(blob(manifest.manifests.find((m: { platform?: { architecture?: string } }) => m.platform?.architecture === 'amd64').digest).toString());
  const layer = blob(manifest.layers[0].digest);
  const dir = mkdtempSync(join(tmpdir(), 'drydock-apk-'));
  let fs: FileResolver;
  try {
    writeFileSync(join(dir, 'layer.tar.gz'), layer);
    fs = await resolverFromTar(join(dir, 'layer.tar.gz'), keep);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const distro = detectDistro(fs);
  assert.deepEqual([distro?.id, distro?.versionId], ['alpine', '3.14.9']);
  const res = await run(fs);
  finalizeOsPackages(res.packages, distro);
  const crypto = res.packages.find((p) => p.name === 'libcrypto1.1')!;
  assert.equal(crypto.version, '1.1.1t-r0');
  assert.equal(crypto.sourceName, 'openssl');
  assert.equal(crypto.purl, 'pkg:apk/alpine/libcrypto1.1@1.1.1t-r0?arch=x86_64&distro=3.14.9&upstream=openssl');
});

test('garbage apk database: warnings, no throw', async () => {
  const res = await run(memResolver({ [APK_DB]: Buffer.from('\0\xff\xfeP:x\nnonsense\n\nP:ok\nV:1-r0\n\n\n') }));
  assert.deepEqual(res.packages.map((p) => p.name), ['ok']);
  assert.ok(res.warnings.length >= 2);
});
