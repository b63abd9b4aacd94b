// A root filesystem directory: no layers to stream; the scan pipeline calls analyzeDirectory(root).
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { DrydockError } from '../../errors.js';
import type { ImageMetadata, ImageSource, LayerInfo } from '../types.js';

export class RootfsSource implements ImageSource {
  readonly kind = 'rootfs' as const;
  constructor(
    /** absolute path of the directory to walk with analyzeDirectory */
    readonly root: string,
    private readonly reference: string,
  ) {}

  async metadata(): Promise<ImageMetadata> {
    return {
      reference: this.reference,
      config: {},
      // One pseudo-layer so every package still has a layer index; it has no digest.
      layers: [{ index: 0, digest: '', diffId: '', mediaType: 'directory', compression: 'none' }],
    };
  }

  async openLayer(layer: LayerInfo): Promise<Readable> {
    throw new DrydockError('INTERNAL', `rootfs ${this.root} has no layer stream (layer ${layer.index}); walk it with analyzeDirectory`);
  }

  async close(): Promise<void> {}
}

export function isRootfsSource(s: ImageSource): s is RootfsSource {
  return s.kind === 'rootfs' && s instanceof RootfsSource;
}

export async function openRootfs(dir: string, reference = dir): Promise<RootfsSource> {
  const st = await stat(dir).catch((e: unknown) => {
    throw new DrydockError('NOT_FOUND', `directory ${dir} does not exist`, { cause: e });
  });
  if (!st.isDirectory()) throw new DrydockError('INVALID_INPUT', `${dir} is not a directory`);
  return new RootfsSource(resolve(dir), reference);
}
