// Test support (imported only by *.test.ts): packages of real images and package databases, parsed with
// the Drydock catalogers' parsers, without the scan pipeline.
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Distro, Package } from '../sbom/model.js';
import { parseApkInstalled } from '../catalog/apk/parse-installed.js';
import { parseDpkgStatus } from '../catalog/dpkg/parse-status.js';
import { distroFromOsRelease } from '../catalog/distro/detect.js';
import { makeTempDir } from '../../test/helpers/tmp.js';

export const SHARED = new URL('../../../shared/data/', import.meta.url).pathname;

function pkg(p: Partial<Package> & Pick<Package, 'name' | 'version' | 'type'>): Package {
  return { purl: '', licenses: [], locations: [], foundBy: 'test', ...p };
}

export function apkPackages(installed: string): Package[] {
  return parseApkInstalled(installed, 'installed', () => {}).map((e) => pkg({ name: e.name, version: e.version, type: 'apk', sourceName: e.origin }));
}

export function dpkgPackages(status: string): Package[] {
  return parseDpkgStatus(status, 'status', () => {}).map((e) =>
    pkg({ name: e.name, version: e.version, type: 'deb', sourceName: e.sourceName, sourceVersion: e.sourceVersion }),
  );
}

export function mavenPackage(name: string, version: string): Package {
  return pkg({ name, version, type: 'maven', group: name.split(':')[0] });
}

/** Files from the single layer of an (amd64) OCI archive or a rootfs tarball, via the system tar. */
export function filesFromImage(archive: string, paths: string[]): { files: Map<string, string>; distro?: Distro } {
  const dir = mkdtempSync(join(tmpdir(), 'drydock-match-'));
  try {
    let layer = archive;
    if (archive.endsWith('.tar') && !archive.includes('minirootfs')) {
      execFileSync('tar', ['-xf', archive, '-C', dir]);
      const blob = (d: string) => JSON.parse(readFileSync(join(dir, 'blobs', ...d.split(':')), 'utf8'));
      let node = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
      while (!node.layers) {
        const m = node.manifests.find((x: { platform?: { architecture?: string } }) => !x.platform || x.platform.architecture === 'amd64');
        node = blob(m.digest);
      }
      layer = join(dir, 'blobs', ...node.layers[0].digest.split(':'));
    }
    const out = join(dir, 'rootfs');
    execFileSync('mkdir', ['-p', out]);
    // os-release is a symlink in Alpine: extract both names
    try {
      // rootfs tarballs name entries "./etc/…", image layers "etc/…"
      const names = [...paths.map((p) => p.replace(/^\//, '')), 'etc/os-release', 'usr/lib/os-release'];
      execFileSync('tar', ['-xzf', layer, '-C', out, '--no-anchored', ...names], { stdio: 'ignore' });
    } catch {
      // tar exits non-zero when one of the names is absent (os-release lives in one of the two places)
    }
    const files = new Map<string, string>();
    for (const p of paths) files.set(p, readFileSync(join(out, p), 'utf8'));
    let osr: string | undefined;
    for (const p of ['usr/lib/os-release', 'etc/os-release']) {
      try {
        osr = readFileSync(join(out, p), 'utf8');
        break;
      } catch {
        /* next */
      }
    }
    return { files, distro: osr ? distroFromOsRelease(osr) : undefined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function writeTemp(name: string, text: string): string {
  const dir = makeTempDir('drydock-fx-');
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
