// A tar of an OCI layout (skopeo oci-archive:, containerd export): read in place through a tar index.
import type { ImageSource, OpenImageOptions } from '../types.js';
import { tarBlobStore } from './blob-store.js';
import { OciLayoutSource } from './oci-layout.js';
import { indexTar, type TarIndex } from './tar-index.js';

class OciArchiveSource extends OciLayoutSource {
  override readonly kind = 'oci-archive' as const;
}

export async function openOciArchive(path: string, tag?: string, opts: OpenImageOptions = {}, reference = path, index?: TarIndex): Promise<ImageSource> {
  const idx = index ?? (await indexTar(path));
  const src = new OciArchiveSource(tarBlobStore(idx, 'OCI archive'), reference, tag, opts);
  await src.metadata();
  return src;
}
