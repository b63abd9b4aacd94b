import type { Readable } from 'node:stream';
import type { Warning } from '../errors.js';

export type Compression = 'gzip' | 'zstd' | 'none';

export interface LayerInfo {
  index: number;
  /** digest of the blob as stored (compressed) */
  digest: string;
  /** digest of the uncompressed tar (from the config's rootfs.diff_ids) */
  diffId: string;
  mediaType: string;
  compression: Compression;
  size?: number;
  /** history created_by for this layer (empty_layer entries skipped) */
  createdBy?: string;
}

/** The OCI image config, lenient: only the fields Drydock reads. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  config?: {
    User?: string;
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    ExposedPorts?: Record<string, unknown>;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[] };
  };
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: { created?: string; created_by?: string; empty_layer?: boolean; comment?: string }[];
}

export interface ImageMetadata {
  /** what the user asked for, e.g. `alpine:3.20` or `./img.tar` */
  reference: string;
  /** normalised name (registry/repo:tag) where known */
  name?: string;
  /** manifest digest where known */
  manifestDigest?: string;
  configDigest?: string;
  repoTags?: string[];
  repoDigests?: string[];
  platform?: { os?: string; architecture?: string; variant?: string };
  config: ImageConfig;
  layers: LayerInfo[];
  /** total compressed size of the layers where known */
  size?: number;
  /** problems found while reading the image's metadata that did not stop it (e.g. diff_ids/layers count mismatch) */
  warnings?: Warning[];
}

/**
 * An image from anywhere (archive, layout, registry, directory).
 * Layer streams are compressed blobs as stored, verified against their digest while read.
 */
export interface ImageSource {
  readonly kind: 'docker-archive' | 'oci-archive' | 'oci-layout' | 'registry' | 'rootfs';
  metadata(): Promise<ImageMetadata>;
  /** stream of the layer blob (still compressed); must error if the digest does not match (unless told not to hash) */
  openLayer(layer: LayerInfo, opts?: OpenLayerOptions): Promise<Readable>;
  close(): Promise<void>;
}

export interface OpenLayerOptions {
  /**
   * false: the blob is not hashed against its digest (declared sizes are still enforced). Only for library callers that
   * check the uncompressed content against the diffID instead (analyzeLayer does by default), and re-open the layer
   * verified when that check fails. Drydock's own scans verify the blob: the compressed bytes are fewer.
   */
  verifyDigest?: boolean;
}

/** How to open an image; shared by local sources and the registry client. */
export interface OpenImageOptions {
  inputType?: 'docker-archive' | 'oci-archive' | 'oci-layout' | 'rootfs' | 'registry';
  /** os/arch[/variant], default linux/amd64 */
  platform?: string;
  username?: string;
  password?: string;
  /** allow plain HTTP and self-signed certificates */
  insecure?: boolean;
  /** extra CA bundle file for registries (also SSL_CERT_FILE) */
  caFile?: string;
  /** test/advice hook: called for every blob fetched from a registry */
  onBlobFetch?: (digest: string) => void;
}
