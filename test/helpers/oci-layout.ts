// Writes the config, manifest and index of a generated single-image OCI layout whose layer blobs are in place (tests, benchmarks).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface GeneratedLayer {
  /** hex sha256 of the gzip blob already written to blobs/sha256/ */
  digest: string;
  diffId: string;
  size: number;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** `config`: more fields of the image config (history, config.User, …) */
export function writeImageFiles(dir: string, layers: GeneratedLayer[], config: Record<string, unknown> = {}): void {
  const configBlob = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', ...config, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) } }));
  writeFileSync(join(dir, 'blobs/sha256', sha(configBlob)), configBlob);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha(configBlob)}`, size: configBlob.length },
      layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${l.digest}`, size: l.size })),
    }),
  );
  writeFileSync(join(dir, 'blobs/sha256', sha(manifest)), manifest);
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha(manifest)}`, size: manifest.length }] }));
}

/** An OCI layout at `dir` (created) of one image with one gzip layer: the uncompressed `tar`. */
export function writeSingleLayerImage(dir: string, tar: Buffer, config: Record<string, unknown> = {}): void {
  mkdirSync(join(dir, 'blobs/sha256'), { recursive: true });
  const gz = gzipSync(tar);
  writeFileSync(join(dir, 'blobs/sha256', sha(gz)), gz);
  writeImageFiles(dir, [{ digest: sha(gz), diffId: `sha256:${sha(tar)}`, size: gz.length }], config);
}
