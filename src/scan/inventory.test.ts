import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import type { ImageSource, LayerInfo, OpenLayerOptions } from '../image/types.js';
import { verifier } from '../image/sources/common.js';
import { isDrydockError } from '../errors.js';
import { rawTar } from '../../test/helpers/raw-tar.js';
import { makeZip, pomProperties } from '../../test/helpers/make-zip.js';
import { parsePkgTypes } from '../catalog/pkg-types.js';
import { inventoryImage } from './inventory.js';
import { createLayerCache } from './layer-cache.js';

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/**
 * An in-memory image of one gzip layer whose config claims `diffId`; `stored` replaces the blob's bytes (the manifest
 * still names the original digest), `chunk` makes the first read trickle. Blobs go through the sources' real
 * verifier; `opened` records each open (whether it was hashed).
 */
function imageOf(tar: Buffer, diffId: string, stored?: Buffer, chunk?: number): ImageSource & { opened: boolean[] } {
  const blob = gzipSync(tar);
  const layer: LayerInfo = { index: 0, digest: sha(blob), diffId, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', compression: 'gzip', size: blob.length };
  const opened: boolean[] = [];
  return {
    kind: 'oci-layout',
    opened,
    metadata: async () => ({ reference: 'mem', config: {}, layers: [layer] }),
    openLayer: async (l: LayerInfo, o?: OpenLayerOptions) => {
      const hash = o?.verifyDigest !== false;
      opened.push(hash);
      const bytes = stored ?? blob;
      const parts = chunk && opened.length === 1 ? slowly(bytes, chunk) : [bytes];
      return Readable.from(parts).pipe(verifier(l.digest, `blob ${l.digest}`, l.size, hash));
    },
    close: async () => {},
  };
}

/** `b` in pieces of `n` bytes, one per turn of the event loop (the first open only: a re-read goes at full speed) */
async function* slowly(b: Buffer, n: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += n) {
    await new Promise((r) => setImmediate(r));
    yield b.subarray(i, i + n);
  }
}

test('a config that lies about a diffID cannot place its content under another layer\'s cache key', async () => {
  const real = rawTar([{ name: 'etc/os-release', data: 'ID=alpine\nVERSION_ID=3.20.0\n' }]);
  const other = rawTar([{ name: 'etc/os-release', data: 'ID=debian\nVERSION_ID=12\n' }]);
  const cache = createLayerCache();
  // a hostile image claims the diffID of `real` for other content: its blob is what its manifest names, so it is read
  const lying = await inventoryImage(imageOf(other, sha(real)), { layerCache: cache });
  assert.equal(lying.distro?.id, 'debian');
  // the genuine layer is then analysed from its own bytes, not from the lie (the key is the verified blob digest)
  const honest = await inventoryImage(imageOf(real, sha(real)), { layerCache: cache });
  assert.equal(honest.distro?.id, 'alpine');
  assert.equal(cache.stats.hits, 0);
  // and a third scan of it reuses its own analysis, relabelled with this image's diffID
  const again = await inventoryImage(imageOf(real, sha(real)), { layerCache: cache });
  assert.equal(again.distro?.id, 'alpine');
  assert.equal(cache.stats.hits, 1);
  assert.equal(again.fs.layerOf('/etc/os-release')?.diffId, sha(real));
});

test('each blob is read once, verified against its digest; a tampered blob fails however its content reads', async () => {
  const tar = rawTar([{ name: 'etc/os-release', data: 'ID=alpine\nVERSION_ID=3.20.0\n' }]);
  // the blob's own digest is checked as it is read: one read, the uncompressed content is not hashed again
  const good = imageOf(tar, sha(tar));
  assert.equal((await inventoryImage(good)).distro?.id, 'alpine');
  assert.deepEqual(good.opened, [true]);
  // other bytes, same size, under the original digest: the gzip stream breaks before the digest check at the end, so
  // the blob is re-read to its end verified, and the error names the blob (no partial result from tampered bytes)
  const blob = gzipSync(tar);
  const flipped = Buffer.from(blob);
  flipped[flipped.length - 9] ^= 0xff;
  const tampered = imageOf(tar, sha(tar), flipped);
  await assert.rejects(inventoryImage(tampered), (e: unknown) => isDrydockError(e) && e.code === 'DIGEST_MISMATCH' && e.message.includes(sha(blob)));
  assert.equal(tampered.opened[0], true);
  // the same when the bytes arrive slowly and the first broken deflate block stops the walk long before the end (a
  // blob of 16 KiB, so that the end cannot arrive first: with a blob of a few chunks the digest check at the end
  // sometimes failed first, and the error came without a re-read)
  const longTar = rawTar([{ name: 'etc/os-release', data: 'ID=alpine\nVERSION_ID=3.20.0\n' }, { name: 'opt/filler', data: randomBytes(16 * 1024) }]);
  const longBlob = gzipSync(longTar);
  const early = Buffer.from(longBlob);
  early[10] ^= 0xff;
  const slow = imageOf(longTar, sha(longTar), early, 16);
  await assert.rejects(inventoryImage(slow), (e: unknown) => isDrydockError(e) && e.code === 'DIGEST_MISMATCH' && e.message.includes(sha(longBlob)));
  assert.deepEqual(slow.opened, [true, true]);
  // a valid tar of other content under the original digest: it reads, and the digest check at its end fails
  const other = gzipSync(rawTar([{ name: 'etc/os-release', data: 'ID=evil\n' }]));
  const swapped = imageOf(tar, sha(tar), Buffer.concat([other, Buffer.alloc(Math.max(0, blob.length - other.length))]).subarray(0, blob.length));
  await assert.rejects(inventoryImage(swapped), (e: unknown) => isDrydockError(e) && e.code === 'DIGEST_MISMATCH');
  // the blob is what the manifest names and the config's diff_ids entry is wrong: the authentic content is reported
  const wrongDiffId = imageOf(tar, sha(Buffer.from('something else')));
  assert.equal((await inventoryImage(wrongDiffId)).distro?.id, 'alpine');
  assert.deepEqual(wrongDiffId.opened, [true]);
});

test('a blob without a usable digest is checked against its diffID instead, and cached only when that holds', async () => {
  const tar = rawTar([{ name: 'etc/os-release', data: 'ID=alpine\nVERSION_ID=3.20.0\n' }]);
  const noDigest = (diffId: string): ImageSource & { opened: boolean[] } => {
    const img = imageOf(tar, diffId);
    const md = img.metadata;
    return { ...img, metadata: async () => ({ ...(await md()), layers: (await md()).layers.map((l) => ({ ...l, digest: '' })) }), openLayer: async () => (img.opened.push(false), Readable.from([gzipSync(tar)])) };
  };
  const cache = createLayerCache();
  const wrong = await inventoryImage(noDigest(sha(Buffer.from('x'))), { layerCache: cache });
  assert.ok(wrong.warnings.some((w) => /not the diffID/.test(w.message)));
  const right = await inventoryImage(noDigest(sha(tar)), { layerCache: cache });
  assert.deepEqual(right.warnings.filter((w) => /diffID/.test(w.message)), []);
  assert.equal((await inventoryImage(noDigest(sha(tar)), { layerCache: cache })).distro?.id, 'alpine');
  assert.equal(cache.stats.hits, 1);
  // neither a digest nor a diffID: analysed, never cached (there is nothing to key it by)
  await inventoryImage(noDigest(''), { layerCache: cache });
  await inventoryImage(noDigest(''), { layerCache: cache });
  assert.equal(cache.stats.hits, 1);
});

test('the same package found twice at the same place is reported once; at another place it is kept', async () => {
  const tar = rawTar([
    { name: 'app/a.json', data: 'x' },
    { name: 'app/b.json', data: 'x' },
  ]);
  const found = (name: string) => ({
    name,
    wants: (m: { path: string }) => m.path.endsWith('.json'),
    parseFile: (f: { meta: { path: string } }) => [{ name: 'lib', version: '1.0', type: 'npm' as const, purl: 'pkg:npm/lib@1.0', licenses: [], locations: [{ path: f.meta.path }], foundBy: name }],
  });
  const inv = await inventoryImage(imageOf(tar, sha(tar)), { catalogers: [found('one'), found('two'), found('three')] });
  const libs = inv.packages.filter((p) => p.purl === 'pkg:npm/lib@1.0');
  assert.deepEqual(libs.map((p) => `${p.locations[0].path} ${p.foundBy}`), ['/app/a.json one', '/app/b.json one']);
});

describe('package types (--pkg-types)', () => {
  // a Debian package that installed a Python package (dpkg's file list names its dist-info), plus a jar and an npm
  // package nobody owns
  const tar = rawTar([
    { name: 'etc/os-release', data: 'ID=debian\nVERSION_ID="12"\n' },
    { name: 'var/lib/dpkg/status', data: 'Package: python3-six\nStatus: install ok installed\nArchitecture: all\nVersion: 1.16.0-4\n\n' },
    { name: 'var/lib/dpkg/info/python3-six.list', data: '/usr/lib/python3/dist-packages/six-1.16.0.dist-info\n/usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA\n' },
    { name: 'usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA', data: 'Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n' },
    { name: 'opt/app/lib/demo-1.2.jar', data: makeZip([pomProperties('org.example', 'demo', '1.2')]) },
    { name: 'srv/node_modules/left-pad/package.json', data: '{"name":"left-pad","version":"1.3.0"}' },
  ]);
  const types = (pkgs: { type: string }[]) => [...new Set(pkgs.map((p) => p.type))].sort();

  test('both by default; os alone skips the application catalogers; library alone keeps distro ownership', async () => {
    const all = await inventoryImage(imageOf(tar, sha(tar)));
    assert.deepEqual(types(all.packages), ['deb', 'maven', 'npm', 'pypi']);
    const os = await inventoryImage(imageOf(tar, sha(tar)), { pkgTypes: ['os'] });
    assert.deepEqual(os.packages.map((p) => `${p.type}/${p.name}`), ['deb/python3-six']);
    assert.equal(os.distro?.id, 'debian');
    const lib = await inventoryImage(imageOf(tar, sha(tar)), { pkgTypes: ['library'] });
    assert.deepEqual(types(lib.packages), ['maven', 'npm', 'pypi']);
    const six = lib.packages.find((p) => p.name === 'six');
    assert.match(six?.ownedBy ?? '', /^pkg:deb\/debian\/python3-six@1\.16\.0-4/);
  });

  test('a layer analysed for OS packages only is not reused from the cache by a scan that wants libraries', async () => {
    const cache = createLayerCache();
    await inventoryImage(imageOf(tar, sha(tar)), { pkgTypes: ['os'], layerCache: cache });
    const all = await inventoryImage(imageOf(tar, sha(tar)), { layerCache: cache });
    assert.deepEqual(types(all.packages), ['deb', 'maven', 'npm', 'pypi']);
    await inventoryImage(imageOf(tar, sha(tar)), { layerCache: cache });
    assert.equal(cache.stats.hits, 1);
  });

  test('an unknown or empty type list is refused with the accepted names', () => {
    assert.deepEqual(parsePkgTypes(undefined), ['os', 'library']);
    assert.deepEqual(parsePkgTypes('library, os,library'), ['library', 'os']);
    assert.throws(() => parsePkgTypes('os,lang'), /unknown package type "lang": use os, library/);
    assert.throws(() => parsePkgTypes(','), /unknown package type/);
  });
});

test('eggs in an image layer: a zipped egg and an unpacked one, each at its own path', async () => {
  const fixture = (f: string) => readFileSync(new URL(`../../test/fixtures/python/${f}`, import.meta.url));
  const site = 'usr/local/lib/python3.6/site-packages';
  const tar = rawTar([
    { name: `${site}/example-21.12-py3.6.egg`, data: fixture('example-21.12-py3.6.egg') },
    { name: `${site}/my_test_package-1.0-py3.7.egg/EGG-INFO/PKG-INFO`, data: fixture('my_test_package-unpacked-PKG-INFO') },
    { name: `${site}/my_test_package-1.0-py3.7.egg/EGG-INFO/SOURCES.txt`, data: 'setup.py\n' },
  ]);
  const inv = await inventoryImage(imageOf(tar, sha(tar)));
  assert.deepEqual(
    inv.packages.map((p) => [p.purl, p.locations[0].path]).sort(),
    [
      ['pkg:pypi/example@21.12', `/${site}/example-21.12-py3.6.egg`],
      ['pkg:pypi/my-test-package@1.0', `/${site}/my_test_package-1.0-py3.7.egg/EGG-INFO/PKG-INFO`],
    ],
  );
});
