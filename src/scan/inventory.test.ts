import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { ImageSource, LayerInfo } from '../image/types.js';
import { rawTar } from '../../test/helpers/raw-tar.js';
import { inventoryImage } from './inventory.js';
import { createLayerCache } from './layer-cache.js';

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** An in-memory image of one gzip layer whose config claims `diffId`. */
function imageOf(tar: Buffer, diffId: string): ImageSource {
  const blob = gzipSync(tar);
  const layer: LayerInfo = { index: 0, digest: sha(blob), diffId, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', compression: 'gzip' };
  return {
    kind: 'oci-layout',
    metadata: async () => ({ reference: 'mem', config: {}, layers: [layer] }),
    openLayer: async () => Readable.from([blob]),
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
