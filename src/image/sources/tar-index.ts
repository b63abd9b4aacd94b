// Random access into an uncompressed tar archive without extracting it: one pass over the headers
// (seeking over bodies) gives name -> data offset/size; entries are then read with ranged file streams.
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { once } from 'node:events';
import { DrydockError } from '../../errors.js';
import { checksumOk, cstr, isZero, parsePax, readNum } from '../layer/tar-parser.js';
import { normalizeEntryPath, resolveLinkTarget } from '../layer/paths.js';
import { decompressLayer, sniffCompression } from '../layer/decompress.js';
import { TarParser } from '../layer/tar-parser.js';

export interface TarIndexEntry {
  name: string;
  offset: number;
  size: number;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
  linkName?: string;
}

export interface TarIndex {
  path: string;
  entries: Map<string, TarIndexEntry>;
  /** the entry a name refers to, following symlinks and hardlinks inside the archive (bounded) */
  lookup(name: string): TarIndexEntry | undefined;
  /** stream of an entry's bytes */
  open(entry: TarIndexEntry): Readable;
  /** first bytes of an entry, for sniffing */
  head(entry: TarIndexEntry, n: number): Promise<Buffer>;
}

const MAX_ENTRIES = 1_000_000;

export async function indexTar(path: string): Promise<TarIndex> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new DrydockError('NOT_FOUND', `cannot open archive ${path}`, { cause: e });
  }
  const entries = new Map<string, TarIndexEntry>();
  try {
    const { size: fileSize } = await fh.stat();
    const block = Buffer.alloc(512);
    const first = await readAt(fh, block, 0);
    const comp = first >= 4 ? sniffCompression(block) : 'none';
    if (comp !== 'none') {
      await fh.close().catch(() => undefined);
      return indexCompressedTar(path);
    }
    let pos = 0;
    let pax: Record<string, string> = {};
    let longName: string | undefined;
    let longLink: string | undefined;
    let endMarker = false;
    while (pos + 512 <= fileSize) {
      if ((await readAt(fh, block, pos)) < 512) break;
      if (isZero(block)) {
        endMarker = true;
        break;
      }
      if (!checksumOk(block)) {
        if (entries.size === 0) throw new DrydockError('INVALID_INPUT', `${path} is not a tar archive`, { hint: 'expected a docker-archive or oci-archive tarball' });
        throw new DrydockError('INVALID_INPUT', `${path}: corrupt tar header at byte ${pos}`);
      }
      const flag = block[156] === 0 ? '0' : String.fromCharCode(block[156]);
      let size = readNum(block, 124, 12);
      const dataAt = pos + 512;
      if (size < 0 || dataAt + size > fileSize) throw new DrydockError('INVALID_INPUT', `${path}: tar entry at byte ${pos} runs past the end of the file (truncated archive?)`);
      if (flag === 'x' || flag === 'L' || flag === 'K') {
        if (size > 1 << 20) throw new DrydockError('INVALID_INPUT', `${path}: tar metadata header too large at byte ${pos}`);
        const data = Buffer.alloc(size);
        await readAt(fh, data, dataAt);
        if (flag === 'x') pax = parsePax(data);
        else if (flag === 'L') longName = cstr(data, 0, size);
        else longLink = cstr(data, 0, size);
      } else if (flag !== 'g') {
        let name = cstr(block, 0, 100);
        if (block.toString('latin1', 257, 263) === 'ustar\0') {
          const prefix = cstr(block, 345, 155);
          if (prefix) name = prefix + '/' + name;
        }
        let link = cstr(block, 157, 100);
        name = pax.path ?? longName ?? name;
        link = pax.linkpath ?? longLink ?? link;
        if (pax.size && /^\d+$/.test(pax.size)) size = Number(pax.size);
        pax = {};
        longName = longLink = undefined;
        if ('123456'.includes(flag)) size = 0;
        const norm = normalizeEntryPath(name);
        // Names escaping the archive are ignored: nothing may refer to them.
        if (norm !== undefined) {
          if (entries.size >= MAX_ENTRIES) throw new DrydockError('LIMIT', `${path}: more than ${MAX_ENTRIES} entries`);
          const type = flag === '0' || flag === '7' ? 'file' : flag === '5' ? 'dir' : flag === '2' ? 'symlink' : flag === '1' ? 'hardlink' : 'other';
          entries.set(norm.slice(1), { name: norm.slice(1), offset: dataAt, size, type, ...(link && { linkName: link }) });
        }
      }
      pos = dataAt + Math.ceil(size / 512) * 512;
    }
    if (entries.size === 0) throw new DrydockError('INVALID_INPUT', `${path} is not a tar archive (no entries)`, { hint: 'expected a docker-archive or oci-archive tarball' });
    if (!endMarker && pos !== fileSize) throw new DrydockError('INVALID_INPUT', `${path}: archive ends inside a tar header at byte ${pos} (truncated archive?)`);
  } finally {
    await fh.close();
  }

  const openEntry = (e: TarIndexEntry): Readable =>
    e.size === 0 ? Readable.from([]) : createReadStream(path, { start: e.offset, end: e.offset + e.size - 1, highWaterMark: 1024 * 1024 });
  const head = async (e: TarIndexEntry, n: number): Promise<Buffer> => {
    const f = await open(path, 'r');
    try {
      const b = Buffer.alloc(Math.min(n, e.size));
      await readAt(f, b, e.offset);
      return b;
    } finally {
      await f.close();
    }
  };
  return { path, entries, lookup: lookupIn(entries), open: openEntry, head };
}

function lookupIn(entries: Map<string, TarIndexEntry>): (name: string) => TarIndexEntry | undefined {
  return (name) => {
    let cur = normalizeEntryPath(name);
    for (let hops = 0; cur !== undefined && hops < 40; hops++) {
      const e = entries.get(cur.slice(1));
      if (!e) return undefined;
      if (e.type === 'file') return e;
      if (e.type === 'symlink') cur = resolveLinkTarget(cur, e.linkName ?? '');
      else if (e.type === 'hardlink') cur = normalizeEntryPath(e.linkName ?? '');
      else return undefined;
    }
    return undefined;
  };
}

/**
 * A gzip/zstd-compressed archive (`docker save | gzip`) cannot be seeked: the index comes from one
 * decompressing pass, and every entry read decompresses again from the start up to that entry.
 */
async function indexCompressedTar(path: string): Promise<TarIndex> {
  const entries = new Map<string, TarIndexEntry>();
  const parser = new TarParser((h) => {
    const norm = normalizeEntryPath(h.name);
    if (norm === undefined || norm === '/') return false;
    if (entries.size >= MAX_ENTRIES) throw new DrydockError('LIMIT', `${path}: more than ${MAX_ENTRIES} entries`);
    const type = h.type === 'file' && !h.sparse ? 'file' : h.type === 'file' ? 'other' : h.type;
    entries.set(norm.slice(1), { name: norm.slice(1), offset: h.offset, size: h.size, type, ...(h.linkName && { linkName: h.linkName }) });
    return false;
  });
  try {
    const { stream } = await decompressLayer(createReadStream(path));
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parser.write(chunk);
      if (parser.finished) {
        stream.destroy();
        break;
      }
    }
  } catch (e) {
    if (entries.size === 0) throw new DrydockError('INVALID_INPUT', `${path} is not a readable compressed tar archive`, { cause: e });
    throw new DrydockError('INVALID_INPUT', `${path}: compressed archive is corrupt or truncated`, { cause: e });
  }
  const bad = parser.end();
  if (bad !== undefined) throw new DrydockError('INVALID_INPUT', `${path}: ${bad}`);
  if (entries.size === 0) throw new DrydockError('INVALID_INPUT', `${path} is not a tar archive (no entries)`);

  const openEntry = (e: TarIndexEntry): Readable => {
    const out = new PassThrough();
    const run = async (): Promise<void> => {
      const src = createReadStream(path);
      let done = false;
      const p = new TarParser((h) => (h.offset === e.offset ? 'stream' : false), {
        data: (c) => out.write(c),
        end: () => {
          done = true;
          out.end();
        },
      });
      try {
        const { stream } = await decompressLayer(src);
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (out.destroyed) break;
          p.write(chunk);
          if (done) break;
          if (out.writableNeedDrain) await once(out, 'drain');
        }
        if (!done && !out.destroyed) out.destroy(new DrydockError('INVALID_INPUT', `${path}: entry ${e.name} could not be read`));
      } finally {
        src.destroy();
      }
    };
    run().catch((err: unknown) => out.destroy(err as Error));
    return out;
  };
  const head = async (e: TarIndexEntry, n: number): Promise<Buffer> => {
    const parts: Buffer[] = [];
    let got = 0;
    const s = openEntry(e);
    for await (const c of s as AsyncIterable<Buffer>) {
      parts.push(c);
      got += c.length;
      if (got >= n) break;
    }
    s.destroy();
    return Buffer.concat(parts).subarray(0, n);
  };
  return { path, entries, lookup: lookupIn(entries), open: openEntry, head };
}

async function readAt(fh: FileHandle, buf: Buffer, pos: number): Promise<number> {
  let off = 0;
  while (off < buf.length) {
    const { bytesRead } = await fh.read(buf, off, buf.length - off, pos + off);
    if (bytesRead === 0) break;
    off += bytesRead;
  }
  return off;
}
