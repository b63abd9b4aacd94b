// End to end: `drydock sbom` / `drydock rootfs` through the real CLI, checked against reference tools
// (dpkg-query over the image's own dpkg database, the apk database's P:/V: lines) and the official schemas.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cycloneDxValidator, spdxValidator } from '../helpers/report-fixtures.js';
import { DATA, DATA_SKIP, IMAGES, IMAGES_SKIP, drydock, removeDir, show, tempDir } from './cli.js';

interface Pkg {
  name: string;
  version: string;
  type: string;
  purl?: string;
  arch?: string;
  sourceName?: string;
  sourceVersion?: string;
  locations?: { path: string; layerIndex?: number; layerDiffId?: string; createdBy?: string }[];
}
interface Report {
  targets: { name: string; kind: string; type: string; packages: Pkg[] }[];
  warnings?: unknown[];
}

const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const haveTool = (t: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

function osPackages(r: Report, type: string): Pkg[] {
  return r.targets.filter((t) => t.kind === 'os' && t.type === type).flatMap((t) => t.packages);
}

function parseReport(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

/** Follows an OCI layout's index.json (first manifest) to its manifest and config. */
function layoutImage(layout: string): { layers: string[]; config: { history?: { created_by?: string; empty_layer?: boolean }[]; rootfs: { diff_ids: string[] } } } {
  const blob = (d: string): string => join(layout, 'blobs', ...d.split(':'));
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
  const config = JSON.parse(readFileSync(blob(manifest.config.digest), 'utf8'));
  return { layers: manifest.layers.map((l: { digest: string }) => blob(l.digest)), config };
}

const DPKG_FMT = '${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n';

/** dpkg-query's view of the dpkg database in the image's layer(s), extracted with tar. */
function dpkgReference(layers: string[], dir: string): string[] {
  for (const l of layers) {
    // a layer that has no var/lib/dpkg makes tar fail: that is fine, later layers overwrite earlier ones
    try {
      execFileSync('tar', ['-xf', l, '-C', dir, '--wildcards', 'var/lib/dpkg/*'], { stdio: 'ignore' });
    } catch {
      // not in this layer
    }
  }
  const admin = join(dir, 'var/lib/dpkg');
  assert.ok(existsSync(join(admin, 'status')), 'reference: the layer has var/lib/dpkg/status');
  return sh('dpkg-query', ['-W', `--admindir=${admin}`, `-f=${DPKG_FMT}`])
    .split('\n')
    .filter(Boolean)
    .sort();
}

function dpkgRows(pkgs: Pkg[]): string[] {
  return pkgs.map((p) => [p.name, p.version, p.arch, p.sourceName, p.sourceVersion].join('\t')).sort();
}

/** P:/V:/A: of an apk `installed` database (the reference for Alpine). */
function apkReference(installed: string): string[] {
  const rows: string[] = [];
  for (const block of installed.split(/\n\s*\n/)) {
    const f: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const m = /^([A-Za-z]):(.*)$/.exec(line);
      if (m && !(m[1] in f)) f[m[1]] = m[2];
    }
    if (f.P) rows.push(`${f.P}\t${f.V}\t${f.A}`);
  }
  return rows.sort();
}

function apkRows(pkgs: Pkg[]): string[] {
  return pkgs.map((p) => `${p.name}\t${p.version}\t${p.arch}`).sort();
}

describe('drydock sbom: Debian image vs dpkg-query', { skip: IMAGES_SKIP || (!haveTool('dpkg-query') && 'no dpkg-query') }, () => {
  let tmp: string;
  let reference: string[];
  const layout = join(IMAGES, 'layouts/debian-base');

  before(() => {
    tmp = tempDir('sbom-deb');
    const ref = join(tmp, 'ref');
    mkdirSync(ref);
    reference = dpkgReference(layoutImage(layout).layers, ref);
    assert.ok(reference.length > 50, `dpkg-query listed ${reference.length} packages`);
  });
  after(() => removeDir(tmp));

  test('OCI layout: the same packages, versions, archs and source packages as dpkg-query', async () => {
    const r = await drydock(['sbom', layout, '--format', 'json', '--quiet']);
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(dpkgRows(osPackages(parseReport(r.stdout), 'deb')), reference);
  });

  test('docker-archive (written by skopeo from the same layout): the same packages', { skip: !haveTool('skopeo') && 'no skopeo' }, async () => {
    let archive = join(IMAGES, 'archives/debian-base.docker.tar');
    if (!existsSync(archive)) {
      archive = join(tmp, 'debian-base.docker.tar');
      execFileSync('skopeo', ['--insecure-policy', 'copy', '-q', `oci:${layout}:debian-base`, `docker-archive:${archive}:imagelab/debian-base:latest`], {
        stdio: 'ignore',
        timeout: 60_000,
      });
    }
    const r = await drydock(['sbom', archive, '--format', 'json', '--quiet']);
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(dpkgRows(osPackages(parseReport(r.stdout), 'deb')), reference);
    // the detection must have read it as a docker-archive, not guessed
    const forced = await drydock(['sbom', archive, '--input-type', 'docker-archive', '--format', 'json', '--quiet']);
    assert.equal(forced.code, 0, show(forced));
    assert.deepEqual(dpkgRows(osPackages(parseReport(forced.stdout), 'deb')), reference);
  });
});

describe('drydock sbom/rootfs: Alpine', { skip: DATA_SKIP }, () => {
  let tmp: string;
  before(() => {
    tmp = tempDir('sbom-apk');
  });
  after(() => removeDir(tmp));

  test('minirootfs 3.14.10 as a rootfs directory: every P:/V:/A: of lib/apk/db/installed', async () => {
    const root = join(tmp, 'rootfs');
    mkdirSync(root);
    execFileSync('tar', ['-xzf', join(DATA, 'rootfs/alpine-minirootfs-3.14.10-x86_64.tar.gz'), '-C', root]);
    const ref = apkReference(readFileSync(join(root, 'lib/apk/db/installed'), 'utf8'));
    assert.ok(ref.length >= 10);

    const sbom = await drydock(['sbom', root, '--input-type', 'rootfs', '--format', 'json', '--quiet']);
    assert.equal(sbom.code, 0, show(sbom));
    const pkgs = osPackages(parseReport(sbom.stdout), 'apk');
    assert.deepEqual(apkRows(pkgs), ref);
    for (const p of pkgs) assert.match(p.purl ?? '', new RegExp(`^pkg:apk/alpine/${p.name.replace(/[+.]/g, '\\$&')}@`), p.purl);

    const scan = await drydock(['rootfs', root, '--scanners', 'config', '--format', 'json', '--quiet']);
    assert.equal(scan.code, 0, show(scan));
    assert.deepEqual(apkRows(osPackages(parseReport(scan.stdout), 'apk')), ref);

    // the rootfs: prefix form reads the same directory
    const prefixed = await drydock(['sbom', `rootfs:${root}`, '--format', 'json', '--quiet']);
    assert.equal(prefixed.code, 0, show(prefixed));
    assert.deepEqual(apkRows(osPackages(parseReport(prefixed.stdout), 'apk')), ref);
  });

  test('containerd OCI archive of alpine 3.14.9: the packages of its /lib/apk/db/installed', async () => {
    const archive = join(DATA, 'images/containerd-alpine-3.14.9.tar');
    const x = join(tmp, 'archive');
    mkdirSync(x);
    execFileSync('tar', ['-xf', archive, '-C', x]);
    const manifest = JSON.parse(readFileSync(join(x, 'manifest.json'), 'utf8')) as { Layers: string[] }[];
    const layerDir = join(x, 'rootfs');
    mkdirSync(layerDir);
    for (const l of manifest[0].Layers) {
      try {
        execFileSync('tar', ['-xf', join(x, l), '-C', layerDir, 'lib/apk/db/installed'], { stdio: 'ignore' });
      } catch {
        // not in this layer
      }
    }
    const ref = apkReference(readFileSync(join(layerDir, 'lib/apk/db/installed'), 'utf8'));
    assert.ok(ref.some((row) => row.startsWith('libcrypto1.1\t1.1.1t-r0\t')), 'reference has libcrypto1.1 1.1.1t-r0');

    const r = await drydock(['sbom', archive, '--format', 'json', '--quiet']);
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(apkRows(osPackages(parseReport(r.stdout), 'apk')), ref);
  });
});

describe('drydock sbom: CycloneDX / SPDX of a real image and package layers', { skip: IMAGES_SKIP }, () => {
  const archive = join(IMAGES, 'archives/tomcat-root.docker.tar');
  const layout = join(IMAGES, 'layouts/tomcat-root');

  test('CycloneDX 1.6 validates against the official schema and lists every package', async () => {
    const [cdx, json] = await Promise.all([
      drydock(['sbom', archive, '--format', 'cyclonedx', '--quiet']),
      drydock(['sbom', archive, '--format', 'json', '--quiet']),
    ]);
    assert.equal(cdx.code, 0, show(cdx));
    assert.equal(json.code, 0, show(json));
    const doc = JSON.parse(cdx.stdout) as { bomFormat: string; specVersion: string; components?: { purl?: string }[] };
    cycloneDxValidator()(doc);
    assert.equal(doc.bomFormat, 'CycloneDX');
    assert.equal(doc.specVersion, '1.6');
    const want = new Set(parseReport(json.stdout).targets.flatMap((t) => t.packages.map((p) => p.purl)));
    const got = new Set((doc.components ?? []).map((c) => c.purl).filter(Boolean));
    for (const p of want) assert.ok(got.has(p), `CycloneDX lacks ${p}`);
    assert.ok(got.has('pkg:maven/org.apache.tomcat/tomcat@8.5.21'));
  });

  test('SPDX 2.3 validates against the official schema and lists every package', async () => {
    const r = await drydock(['sbom', archive, '--format', 'spdx', '--quiet']);
    assert.equal(r.code, 0, show(r));
    const doc = JSON.parse(r.stdout) as {
      spdxVersion: string;
      packages: { externalRefs?: { referenceType: string; referenceLocator: string }[] }[];
    };
    spdxValidator()(doc);
    assert.equal(doc.spdxVersion, 'SPDX-2.3');
    const purls = new Set(doc.packages.flatMap((p) => (p.externalRefs ?? []).filter((e) => e.referenceType === 'purl').map((e) => e.referenceLocator)));
    const debNames = new Set([...purls].map((p) => /^pkg:deb\/debian\/([^@]+)@/.exec(p)?.[1]).filter((n) => n !== undefined).map((n) => decodeURIComponent(n)));
    for (const name of dpkgRef()) assert.ok(debNames.has(name), `SPDX lacks deb ${name}`);
    assert.ok(purls.has('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'));
  });

  /** package names of the base layer's dpkg database (what the image config's first layer installed) */
  function dpkgRef(): string[] {
    const tmp = tempDir('sbom-ref');
    try {
      return dpkgReference(layoutImage(layout).layers.slice(0, 1), tmp).map((row) => row.split('\t')[0]);
    } finally {
      removeDir(tmp);
    }
  }

  test('tomcat-root: Tomcat packages come from layer 1 with its history line, Debian packages from layer 0', async () => {
    const { config } = layoutImage(layout);
    const history = (config.history ?? []).filter((h) => !h.empty_layer).map((h) => h.created_by);
    const diffIds = config.rootfs.diff_ids;
    assert.equal(diffIds.length, 2);

    const r = await drydock(['sbom', archive, '--format', 'json', '--quiet']);
    assert.equal(r.code, 0, show(r));
    const report = parseReport(r.stdout);
    const deb = osPackages(report, 'deb');
    assert.ok(deb.length > 50);
    for (const p of deb) {
      const loc = p.locations?.[0];
      assert.equal(loc?.layerIndex, 0, `${p.name} layer`);
      assert.equal(loc?.layerDiffId, diffIds[0], `${p.name} diffID`);
      assert.equal(loc?.createdBy, history[0], `${p.name} history line`);
    }
    const maven = report.targets.filter((t) => t.type === 'maven').flatMap((t) => t.packages);
    const tomcat = maven.filter((p) => p.purl?.startsWith('pkg:maven/org.apache.tomcat/'));
    assert.ok(tomcat.length >= 1, 'Tomcat found');
    for (const p of maven) {
      const loc = p.locations?.[0];
      assert.equal(loc?.layerIndex, 1, `${p.purl} layer`);
      assert.equal(loc?.layerDiffId, diffIds[1], `${p.purl} diffID`);
      assert.equal(loc?.createdBy, history[1], `${p.purl} history line`);
    }
    assert.ok(history[1]?.startsWith('COPY tomcat'), String(history[1]));
  });
});
