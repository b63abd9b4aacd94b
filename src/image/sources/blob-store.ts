// Content-addressed blobs of an OCI layout, in a directory or inside a tar: every read is verified.
import { open, readFile, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DrydockError } from '../../errors.js';
import { MAX_JSON_BYTES, blobPath, checkDigest, readAll, verifier, verifyBuffer } from './common.js';
import type { TarIndex } from './tar-index.js';

export interface BlobStore {
  /** e.g. `OCI layout ./img` or `archive img.tar`: used in every message */
  label: string;
  /** a top-level file such as index.json; undefined if absent */
  readFile(name: string): Promise<Buffer | undefined>;
  /** a small blob (manifest, config), verified */
  readBlob(digest: string, where: string): Promise<Buffer>;
  /** a blob stream that errors with DIGEST_MISMATCH at the end if the content (or, unhashed, the size) does not match */
  openBlob(digest: string, size?: number, hash?: boolean): Promise<Readable>;
  /** first bytes of a blob (unverified: only for sniffing the compression) */
  head(digest: string, n: number): Promise<Buffer>;
}

function verified(src: Readable, digest: string, label: string, size?: number, hash = true): Readable {
  const v = verifier(digest, label, size, hash);
  src.on('error', (e) => v.destroy(e));
  v.on('close', () => src.destroy());
  return src.pipe(v);
}

function missing(label: string, digest: string, where: string, cause?: unknown): DrydockError {
  return new DrydockError('NOT_FOUND', `${label}: blob ${digest} (${where}) is missing`, { cause, hint: 'the image is incomplete; copy it again' });
}

export function dirBlobStore(dir: string): BlobStore {
  const label = `OCI layout ${dir}`;
  const file = (digest: string, where: string): string => join(dir, blobPath(checkDigest(digest, `${label}: ${where}`)));
  return {
    label,
    async readFile(name) {
      try {
        const st = await stat(join(dir, name));
        if (st.size > MAX_JSON_BYTES) throw new DrydockError('LIMIT', `${label}: ${name} is larger than ${MAX_JSON_BYTES} bytes`);
        return await readFile(join(dir, name));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw e;
      }
    },
    async readBlob(digest, where) {
      const p = file(digest, where);
      const st = await stat(p).catch((e: unknown) => {
        throw missing(label, digest, where, e);
      });
      if (st.size > MAX_JSON_BYTES) throw new DrydockError('LIMIT', `${label}: ${where} ${digest} is larger than ${MAX_JSON_BYTES} bytes`);
      const data = await readFile(p);
      verifyBuffer(data, digest, `${label}: ${where} ${digest}`);
      return data;
    },
    async openBlob(digest, size, hash) {
      const p = file(digest, 'layer');
      await stat(p).catch((e: unknown) => {
        throw missing(label, digest, 'layer', e);
      });
      return verified(createReadStream(p, { highWaterMark: 1024 * 1024 }), digest, `${label}: blob ${digest}`, size, hash);
    },
    async head(digest, n) {
      const fh = await open(file(digest, 'layer'), 'r').catch((e: unknown) => {
        throw missing(label, digest, 'layer', e);
      });
      try {
        const b = Buffer.alloc(n);
        const { bytesRead } = await fh.read(b, 0, n, 0);
        return b.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
  };
}

export function tarBlobStore(index: TarIndex, kind = 'archive'): BlobStore {
  const label = `${kind} ${index.path}`;
  const entry = (digest: string, where: string) => {
    const e = index.lookup(blobPath(checkDigest(digest, `${label}: ${where}`)));
    if (!e) throw missing(label, digest, where);
    return e;
  };
  return {
    label,
    async readFile(name) {
      const e = index.lookup(name);
      if (!e) return undefined;
      if (e.size > MAX_JSON_BYTES) throw new DrydockError('LIMIT', `${label}: ${name} is larger than ${MAX_JSON_BYTES} bytes`);
      return readAll(index.open(e), MAX_JSON_BYTES, `${label}: ${name}`);
    },
    async readBlob(digest, where) {
      const e = entry(digest, where);
      if (e.size > MAX_JSON_BYTES) throw new DrydockError('LIMIT', `${label}: ${where} ${digest} is larger than ${MAX_JSON_BYTES} bytes`);
      const data = await readAll(index.open(e), MAX_JSON_BYTES, `${label}: ${where}`);
      verifyBuffer(data, digest, `${label}: ${where} ${digest}`);
      return data;
    },
    async openBlob(digest, size, hash) {
      return verified(index.open(entry(digest, 'layer')), digest, `${label}: blob ${digest}`, size, hash);
    },
    async head(digest, n) {
      return index.head(entry(digest, 'layer'), n);
    },
  };
}
