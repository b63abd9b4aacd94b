// An OCI image layout directory (oci-layout + index.json + blobs/).
import type { Readable } from 'node:stream';
import type { ImageMetadata, ImageSource, LayerInfo, OpenImageOptions, OpenLayerOptions } from '../types.js';
import { dirBlobStore, type BlobStore } from './blob-store.js';
import { resolveOciImage } from './oci-resolve.js';

export class OciLayoutSource implements ImageSource {
  readonly kind: 'oci-layout' | 'oci-archive' = 'oci-layout';
  private meta?: Promise<ImageMetadata>;

  constructor(
    protected readonly store: BlobStore,
    private readonly reference: string,
    private readonly tag: string | undefined,
    private readonly opts: OpenImageOptions = {},
  ) {}

  metadata(): Promise<ImageMetadata> {
    this.meta ??= resolveOciImage(this.store, { reference: this.reference, tag: this.tag, platform: this.opts.platform });
    return this.meta;
  }

  openLayer(layer: LayerInfo, opts?: OpenLayerOptions): Promise<Readable> {
    return this.store.openBlob(layer.digest, layer.size, opts?.verifyDigest !== false);
  }

  async close(): Promise<void> {}
}

/** Opens `dir` (an OCI layout), optionally the image tagged `tag`; metadata errors surface on metadata(). */
export async function openOciLayout(dir: string, tag?: string, opts: OpenImageOptions = {}, reference = dir): Promise<ImageSource> {
  const src = new OciLayoutSource(dirBlobStore(dir), reference, tag, opts);
  await src.metadata();
  return src;
}
