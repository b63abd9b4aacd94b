import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { ImageSource, LayerInfo, OpenLayerOptions } from '../image/types.js';
import { verifier } from '../image/sources/common.js';
import { isDrydockError } from '../errors.js';
import { rawTar } from '../../test/helpers/raw-tar.js';
import { inventoryImage } from './inventory.js';
import { createLayerCache } from './layer-cache.js';

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/**
 * An in-memory image of one gzip layer whose config claims `diffId`; `stored` replaces the blob's bytes (the manifest
 * still names the original digest). Blobs go through the sources' real verifier; `opened` records each open.
 */
function imageOf(tar: Buffer, diffId: string, stored?: Buffer): ImageSource & { opened: boolean[] } {
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
      return Readable.from([stored ?? blob]).pipe(verifier(l.digest, `blob ${l.digest}`, l.size, hash));
    },
    close: async () => {},
  };
}

test('a layer whose content is not its diffID is analysed but never cached under that diffID', async () => {
  const real = rawTar([{ name: 'etc/os-release', data: 'ID=alpine\nVERSION_ID=3.20.0\n' }]);
  const other = rawTar([{ name: 'etc/os-release', data: 'ID=debian\nVERSION_ID=12\n' }]);
  const cache = createLayerCache();
  // a hostile image claims the diffID of `real` for other content
  const lying = await inventoryImage(imageOf(other, sha(real)), { layerCache: cache });
  assert.equal(lying.distro?.id, 'debian');
  assert.ok(lying.warnings.some((w) => /not the diffID/.test(w.message)));
  // the genuine layer is then analysed from its own bytes, not from the lie
  const honest = await inventoryImage(imageOf(real, sha(real)), { layerCache: cache });
  assert.equal(honest.distro?.id, 'alpine');
  // and, being verified, it is cached: a third scan reuses it
  const again = await inventoryImage(imageOf(real, sha(real)), { layerCache: cache });
  assert.equal(again.distro?.id, 'alpine');
  assert.equal(cache.stats.hits, 1);
});

test('the blob is hashed only when its content does not check out against the diffID; a tampered blob still fails', async () => {
  const tar = rawTar([{ name: 'etc/os-release', data: 'ID=alpine\nVERSION_ID=3.20.0\n' }]);
  // content that hashes to the diffID: one unhashed read
  const good = imageOf(tar, sha(tar));
  assert.equal((await inventoryImage(good)).distro?.id, 'alpine');
  assert.deepEqual(good.opened, [false]);
  // other bytes, same size, under the original digest: unreadable content, then the verified re-read names the blob
  const blob = gzipSync(tar);
  const flipped = Buffer.from(blob);
  flipped[flipped.length - 9] ^= 0xff;
  const tampered = imageOf(tar, sha(tar), flipped);
  await assert.rejects(inventoryImage(tampered), (e: unknown) => isDrydockError(e) && e.code === 'DIGEST_MISMATCH' && e.message.includes(sha(blob)));
  assert.deepEqual(tampered.opened, [false, true]);
  // a valid tar of other content under the original digest: not the diffID, so re-read, and the blob is wrong
  const other = gzipSync(rawTar([{ name: 'etc/os-release', data: 'ID=evil\n' }]));
  const swapped = imageOf(tar, sha(tar), Buffer.concat([other, Buffer.alloc(Math.max(0, blob.length - other.length))]).subarray(0, blob.length));
  await assert.rejects(inventoryImage(swapped), (e: unknown) => isDrydockError(e) && e.code === 'DIGEST_MISMATCH');
  // the blob is what the manifest names but the config's diffID is wrong: a warning, as before
  const wrongDiffId = imageOf(tar, sha(Buffer.from('something else')));
  const inv = await inventoryImage(wrongDiffId);
  assert.ok(inv.warnings.some((w) => /not the diffID/.test(w.message)));
  assert.deepEqual(wrongDiffId.opened, [false, true]);
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
