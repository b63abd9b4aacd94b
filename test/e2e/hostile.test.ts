// End to end: hostile and broken inputs through the CLI. Whatever the input, drydock must never report an
// internal error (exit 3), never hang, and never write a file outside its temp dir.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { rawTar, type RawEntry } from '../helpers/raw-tar.js';
import { IMAGES, IMAGES_SKIP, ROOT, drydock, removeDir, show, tempDir, type CliResult } from './cli.js';

const TIMEOUT = 30_000;
const ADVISORIES = join(ROOT, 'examples/advisories');

interface Report {
  targets: { type: string; packages: { name: string; version: string }[] }[];
  warnings?: { message: string }[];
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Writes an OCI layout with one image whose layers are the given (already compressed) blobs. */
function writeLayout(dir: string, layers: { blob: Buffer; diffId: string; mediaType?: string; digest?: string }[]): { manifest: string; layers: string[] } {
  mkdirSync(join(dir, 'blobs/sha256'), { recursive: true });
  const put = (b: Buffer, digest = sha256(b)): string => {
    writeFileSync(join(dir, 'blobs/sha256', digest.slice(7)), b);
    return digest;
  };
  const descs = layers.map((l) => ({
    mediaType: l.mediaType ?? 'application/vnd.oci.image.layer.v1.tar+gzip',
    digest: put(l.blob, l.digest),
    size: l.blob.length,
  }));
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['sh'] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
      history: layers.map(() => ({ created_by: 'hostile layer' })),
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: put(config), size: config.length },
      layers: descs,
    }),
  );
  const md = put(manifest);
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: md, size: manifest.length, annotations: { 'org.opencontainers.image.ref.name': 'latest' } }],
    }),
  );
  return { manifest: md, layers: descs.map((d) => d.digest) };
}

function assertSane(r: CliResult): void {
  assert.equal(r.timedOut, false, `hung: ${show(r)}`);
  assert.notEqual(r.code, 3, `internal error: ${show(r)}`);
  assert.equal(r.signal, null, show(r));
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at .*\(.*:\d+:\d+\)/, `crash: ${show(r)}`);
}

describe('hostile inputs through the CLI', { skip: IMAGES_SKIP }, () => {
  let tmp: string;
  let work: string;
  let osRelease: string;
  let dpkgStatus: string;
  const escapeName = `drydock-e2e-escape-${randomBytes(6).toString('hex')}`;

  const run = (args: string[]) => drydock(args, { cwd: work, timeout: TIMEOUT, env: { TMPDIR: join(tmp, 'childtmp'), HOME: join(tmp, 'home'), XDG_CACHE_HOME: join(tmp, 'cache') } });

  before(() => {
    tmp = tempDir('hostile');
    work = join(tmp, 'a/b/c/work');
    mkdirSync(work, { recursive: true });
    mkdirSync(join(tmp, 'childtmp'));
    mkdirSync(join(tmp, 'home'));
    // real package data from the mini-base fixture layer
    const layout = join(IMAGES, 'layouts/mini-base');
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(layout, 'blobs', ...index.manifests[0].digest.split(':')), 'utf8'));
    const layer = join(layout, 'blobs', ...manifest.layers[0].digest.split(':'));
    dpkgStatus = execFileSync('tar', ['-xzOf', layer, 'var/lib/dpkg/status'], { encoding: 'utf8' });
    osRelease = execFileSync('tar', ['-xzOf', layer, 'usr/lib/os-release'], { encoding: 'utf8' });
  });
  after(() => removeDir(tmp));

  /** package names in the real status file */
  const statusPackages = (): string[] => [...dpkgStatus.matchAll(/^Package: (.+)$/gm)].map((m) => m[1]).sort();

  test('a truncated gzip layer: sbom exits 0 with the packages read before the cut and a warning', async () => {
    const entries: RawEntry[] = [
      { name: 'etc/', type: '5', mode: 0o755 },
      { name: 'etc/os-release', data: osRelease },
      { name: 'var/lib/dpkg/status', data: dpkgStatus },
      // incompressible filler after the database, so the cut falls well after it
      { name: 'opt/filler.bin', data: randomBytes(256 * 1024) },
      { name: 'opt/after-the-cut.txt', data: 'never reached' },
    ];
    const tar = rawTar(entries);
    const gz = gzipSync(tar);
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
    const dir = join(tmp, 'truncated');
    writeLayout(dir, [{ blob: cut, diffId: sha256(tar) }]);

    const r = await run(['sbom', dir, '--format', 'json']);
    assertSane(r);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stderr, /truncat|unexpected end|incomplete|corrupt|partial/i, `a warning on stderr: ${r.stderr}`);
    const report = JSON.parse(r.stdout) as Report;
    const names = report.targets.filter((t) => t.type === 'deb').flatMap((t) => t.packages.map((p) => p.name)).sort();
    assert.deepEqual(names, statusPackages(), 'the packages before the cut');
    assert.ok((report.warnings ?? []).length > 0, 'the report carries the warning too');
  });

  test('a layer with ../ entries: nothing is written outside, no internal error', async () => {
    const entries: RawEntry[] = [
      { name: 'etc/os-release', data: osRelease },
      { name: `../${escapeName}`, data: 'escaped one level' },
      { name: `../../../../../../../../../../tmp/${escapeName}`, data: 'escaped to /tmp' },
      { name: `./../../${escapeName}-2`, data: 'escaped two' },
      { name: `var/lib/../../../${escapeName}-3`, data: 'escaped three' },
      { name: 'var/lib/dpkg/status', data: dpkgStatus },
      { name: `../${escapeName}-link`, type: '2', linkName: '/etc/passwd' },
    ];
    const tar = rawTar(entries);
    const dir = join(tmp, 'dotdot');
    writeLayout(dir, [{ blob: gzipSync(tar), diffId: sha256(tar) }]);

    for (const args of [
      ['sbom', dir, '--format', 'json'],
      ['image', dir, '--advisories', ADVISORIES, '--format', 'json'],
    ]) {
      const r = await run(args);
      assertSane(r);
      assert.ok(r.code === 0 || r.code === 2, show(r));
      if (r.code === 0) {
        const report = JSON.parse(r.stdout) as Report;
        const names = report.targets.filter((t) => t.type === 'deb').flatMap((t) => t.packages.map((p) => p.name)).sort();
        assert.deepEqual(names, statusPackages(), 'the legitimate entries are still read');
        // each skipped entry is reported once, in the report and on stderr
        const escaped = (report.warnings ?? []).filter((w) => w.message.includes(`"../${escapeName}"`));
        assert.equal(escaped.length, 1, JSON.stringify(report.warnings));
        assert.equal(r.stderr.split('\n').filter((l) => l.includes(`"../${escapeName}"`)).length, 1, r.stderr);
      }
    }
    const places = [work, join(work, '..'), join(work, '../..'), tmp, '/tmp', join(tmp, 'childtmp'), '/'];
    for (const p of places)
      for (const suffix of ['', '-2', '-3', '-link']) assert.ok(!existsSync(join(p, escapeName + suffix)), `wrote ${join(p, escapeName + suffix)}`);
  });

  test('megabyte-deep entry names: a whiteout over them, a symlink into them, a warning naming one, in seconds', async () => {
    // 400,000 path segments (800 KB) through pax headers. The removal below recursed once per level (stack overflow),
    // the symlink took minutes to resolve, and the warning for the damaged jar printed the whole name.
    const deep = Array(400_000).fill('a').join('/');
    const layer1 = rawTar([
      { name: 'var/lib/dpkg/status', data: dpkgStatus },
      { name: 'x', pax: { path: `${deep}/node_modules/p/package.json` }, data: JSON.stringify({ name: 'p', version: '1.0.0' }) },
      { name: 'etc/os-release', type: '2', linkName: 'x', pax: { linkpath: `/${deep}/os-release` } },
      { name: 'y', pax: { path: `opt/${deep}/b.jar` }, data: 'not a zip' },
    ]);
    const layer2 = rawTar([{ name: '.wh.a', data: '' }]);
    const dir = join(tmp, 'deep-names');
    writeLayout(dir, [layer1, layer2].map((t) => ({ blob: gzipSync(t), diffId: sha256(t) })));
    const t0 = Date.now();
    const r = await run(['image', dir, '--advisories', ADVISORIES, '--scanners', 'vuln', '--format', 'json']);
    assertSane(r);
    assert.equal(r.code, 0, show(r));
    assert.ok(Date.now() - t0 < 20_000, `took ${Date.now() - t0} ms`);
    const report = JSON.parse(r.stdout) as Report;
    // the whiteout removed the deep npm package; the dpkg packages stay; the unresolvable os-release names no distro
    assert.deepEqual(report.targets.flatMap((t) => t.packages.map((p) => p.name)).sort(), statusPackages());
    const warning = r.stderr.split('\n').find((l) => l.includes('b.jar'));
    assert.ok(warning && warning.length < 2500 && warning.includes('characters left out'), `clipped: ${warning?.length}`);
    // the report keeps the exact name
    assert.ok((report.warnings ?? []).some((w) => JSON.stringify(w).includes(`/opt/${deep}/b.jar`)), 'the full name in the JSON');
  });

  test('a manifest whose layer digest does not match its blob: exit 2 naming the blob', async () => {
    const tar = rawTar([
      { name: 'etc/os-release', data: osRelease },
      { name: 'var/lib/dpkg/status', data: dpkgStatus },
    ]);
    const blob = gzipSync(tar);
    const dir = join(tmp, 'mismatch');
    const { layers } = writeLayout(dir, [{ blob, diffId: sha256(tar) }]);
    // same size, other bytes: the digest no longer matches
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 9] ^= 0xff;
    writeFileSync(join(dir, 'blobs/sha256', layers[0].slice(7)), tampered);

    for (const cmd of ['sbom', 'image']) {
      const r = await run(cmd === 'sbom' ? ['sbom', dir] : ['image', dir, '--advisories', ADVISORIES]);
      assertSane(r);
      assert.equal(r.code, 2, `${cmd}: ${show(r)}`);
      assert.equal(r.stdout, '', `${cmd}: no report`);
      assert.ok(r.stderr.includes(layers[0]) || r.stderr.includes(layers[0].slice(7, 19)), `${cmd}: names the blob ${layers[0]}: ${r.stderr}`);
    }
  });

  test('a random garbage file: exit 2', async () => {
    const f = join(tmp, 'garbage.tar');
    writeFileSync(f, randomBytes(64 * 1024));
    for (const args of [['sbom', f], ['image', f, '--advisories', ADVISORIES], ['sbom', f, '--input-type', 'docker-archive'], ['sbom', f, '--input-type', 'oci-archive']]) {
      const r = await run(args);
      assertSane(r);
      assert.equal(r.code, 2, `${args.join(' ')}: ${show(r)}`);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.trim().length > 0, 'says why');
    }
    // an empty file, and a file that does not exist
    const empty = join(tmp, 'empty.tar');
    writeFileSync(empty, '');
    for (const p of [empty, join(tmp, 'does-not-exist.tar')]) {
      const r = await run(['sbom', p]);
      assertSane(r);
      assert.equal(r.code, 2, show(r));
    }
  });

  test('a rootfs directory with symlink loops: finishes, no internal error', async () => {
    const root = join(tmp, 'loop-rootfs');
    mkdirSync(join(root, 'etc'), { recursive: true });
    mkdirSync(join(root, 'var/lib/dpkg'), { recursive: true });
    mkdirSync(join(root, 'usr/lib'), { recursive: true });
    writeFileSync(join(root, 'usr/lib/os-release'), osRelease);
    symlinkSync('../usr/lib/os-release', join(root, 'etc/os-release'));
    writeFileSync(join(root, 'var/lib/dpkg/status'), dpkgStatus);
    symlinkSync('b', join(root, 'a'));
    symlinkSync('a', join(root, 'b'));
    symlinkSync('.', join(root, 'self'));
    symlinkSync('..', join(root, 'usr/lib/up'));
    symlinkSync('/', join(root, 'var/hostroot'));
    symlinkSync('loop', join(root, 'etc/loop'));
    for (const args of [
      ['rootfs', root, '--advisories', ADVISORIES, '--format', 'json'],
      ['sbom', root, '--input-type', 'rootfs', '--format', 'json'],
    ]) {
      const r = await run(args);
      assertSane(r);
      assert.equal(r.code, 0, `${args[0]}: ${show(r)}`);
      const names = (JSON.parse(r.stdout) as Report).targets.filter((t) => t.type === 'deb').flatMap((t) => t.packages.map((p) => p.name)).sort();
      assert.deepEqual(names, statusPackages());
    }
  });
});
