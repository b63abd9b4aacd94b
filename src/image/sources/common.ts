// Helpers shared by the image sources (local and registry): digests, verified streams, history and platform matching.
import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { DrydockError } from '../../errors.js';
import type { Compression, ImageConfig } from '../types.js';

const DIGEST_RE = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
/** manifests and configs are small; anything bigger is hostile */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;

/** Validates a digest strictly: it becomes part of a file path, so "sha256:../../x" must never pass. */
export function checkDigest(digest: string, where: string): string {
  if (!DIGEST_RE.test(digest)) throw new DrydockError('INVALID_INPUT', `${where}: invalid digest ${JSON.stringify(digest.slice(0, 140))}`);
  return digest;
}

export function blobPath(digest: string): string {
  const [alg, hex] = digest.split(':');
  return `blobs/${alg}/${hex}`;
}

/**
 * A pass-through for blobs of every source (local files, archives, registries): fails at the end if the digest or
 * the size does not match, and as soon as more than the declared size has flowed (an endless stream stops there).
 * With `hash` false only the size is checked (see OpenLayerOptions.verifyDigest).
 */
export function verifier(digest: string, label: string, size?: number, hash = true): Transform {
  const alg = digest.slice(0, digest.indexOf(':'));
  if (alg !== 'sha256' && alg !== 'sha512') throw new DrydockError('INVALID_INPUT', `unsupported digest algorithm in ${digest.slice(0, 80)}`);
  const h = hash ? createHash(alg) : undefined;
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      n += chunk.length;
      if (size !== undefined && n > size) return cb(new DrydockError('DIGEST_MISMATCH', `${label} is larger than its declared size ${size}`));
      h?.update(chunk);
      cb(null, chunk);
    },
    flush(cb: TransformCallback) {
      const got = h && `${alg}:${h.digest('hex')}`;
      if (got !== undefined && got !== digest) cb(new DrydockError('DIGEST_MISMATCH', `${label}: content has digest ${got}, expected ${digest}`));
      else if (size !== undefined && n !== size) cb(new DrydockError('DIGEST_MISMATCH', `${label}: ${n} bytes, expected ${size}`));
      else cb();
    },
  });
}

export function verifyBuffer(data: Buffer, digest: string, label: string): void {
  const alg = digest.slice(0, digest.indexOf(':'));
  const got = `${alg}:${createHash(alg).update(data).digest('hex')}`;
  if (got !== digest) throw new DrydockError('DIGEST_MISMATCH', `${label}: content has digest ${got}, expected ${digest}`);
}

export async function readAll(stream: Readable, max: number, label: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    n += chunk.length;
    if (n > max) {
      stream.destroy();
      throw new DrydockError('LIMIT', `${label} is larger than ${max} bytes`);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** history created_by per layer: non-empty history entries map to layers in order, when the counts agree */
export function createdByPerLayer(config: ImageConfig, layerCount: number): (string | undefined)[] | undefined {
  const h = (config.history ?? []).filter((e) => !e.empty_layer);
  if (h.length !== layerCount) return undefined;
  return h.map((e) => e.created_by);
}

export function compressionFromMediaType(mt: string | undefined): Compression {
  if (!mt) return 'none';
  if (mt.endsWith('gzip')) return 'gzip';
  if (mt.endsWith('zstd')) return 'zstd';
  return 'none';
}

export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string;
}

export function parsePlatform(s: string | undefined): PlatformSpec {
  if (!s) return { os: 'linux', architecture: 'amd64' };
  const [os, architecture, variant] = s.split('/');
  if (!os || !architecture) throw new DrydockError('USAGE', `invalid platform "${s}"`, { hint: 'use os/arch[/variant], e.g. linux/arm64/v8' });
  return { os, architecture, ...(variant && { variant }) };
}

/** arm64's variant is v8 unless stated: "linux/arm64" and "linux/arm64/v8" name the same platform */
export function platformMatches(want: PlatformSpec, p: { os?: string; architecture?: string; variant?: string } | null | undefined): boolean {
  if (!p || p.os !== want.os || p.architecture !== want.architecture) return false;
  if (!want.variant) return true;
  const dflt = want.architecture === 'arm64' ? 'v8' : undefined;
  return (p.variant ?? dflt) === want.variant;
}

export function formatPlatform(p: { os?: string; architecture?: string; variant?: string } | null | undefined): string {
  return p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : 'unknown';
}
