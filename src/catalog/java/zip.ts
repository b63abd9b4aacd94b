// Minimal promise layer over yauzl for in-memory archives (no disk): it rejects entries whose data
// disagrees with the declared sizes, which is what bounds zip bombs here.
import { crc32, inflateRawSync } from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import { inflateRawSmall } from './inflate.js';
import { lazyRequire } from '../../lazy-require.js';

/** entries up to this size are inflated with the kept zlib handle (no zlib stream and handle per entry) */
const SMALL_INFLATE = 64 * 1024;

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
  dir: boolean;
  /** compression method, CRC-32 and local header offset from the central directory */
  method: number;
  crc32: number;
  localHeaderOffset: number;
  entry: Entry;
}

// yauzl lists and reads the archives the fast listing below does not take: required when first needed (an ESM import
// of it had Node scan its CommonJS source for export names in every scan's start-up)
const yauzl = lazyRequire<typeof import('yauzl')>('yauzl');

export function openZip(buf: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings:false so hostile names (../x, /abs) do not abort the whole archive; we judge them ourselves
    yauzl().fromBuffer(buf, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) reject(err ?? new Error('cannot open zip'));
      else resolve(zip);
    });
  });
}

function entryName(raw: Buffer, flags: number): string {
  // bit 11 = UTF-8; otherwise CP437, of which latin1 is a close-enough reading for ASCII-ish names
  return raw.toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1');
}

/**
 * A fast-listed central-directory record. Its yauzl Entry is only built when asked for (readZipEntry):
 * in-memory reads use the plain fields, and thousands of jars × hundreds of entries made those objects a
 * large share of allocation and GC.
 */
class ListedEntry implements ZipEntryInfo {
  private built?: Entry;
  readonly encrypted: boolean;
  readonly dir: boolean;
  constructor(
    readonly name: string,
    readonly compressedSize: number,
    readonly uncompressedSize: number,
    readonly method: number,
    readonly crc32: number,
    readonly localHeaderOffset: number,
    private readonly cd: Buffer,
    private readonly p: number,
    private readonly fileNameRaw: Buffer,
  ) {
    this.encrypted = (cd.readUInt16LE(p + 8) & 1) !== 0;
    this.dir = name.endsWith('/');
  }

  get entry(): Entry {
    const { cd, p } = this;
    return (this.built ??= Object.assign(new (yauzl().Entry)(), {
      versionMadeBy: cd.readUInt16LE(p + 4),
      versionNeededToExtract: cd.readUInt16LE(p + 6),
      generalPurposeBitFlag: cd.readUInt16LE(p + 8),
      compressionMethod: this.method,
      lastModFileTime: cd.readUInt16LE(p + 12),
      lastModFileDate: cd.readUInt16LE(p + 14),
      crc32: this.crc32,
      compressedSize: this.compressedSize,
      uncompressedSize: this.uncompressedSize,
      fileNameLength: this.fileNameRaw.length,
      extraFieldLength: cd.readUInt16LE(p + 30),
      fileCommentLength: cd.readUInt16LE(p + 32),
      internalFileAttributes: cd.readUInt16LE(p + 36),
      externalFileAttributes: cd.readUInt32LE(p + 38),
      relativeOffsetOfLocalHeader: this.localHeaderOffset,
      fileName: this.fileNameRaw,
      extraFields: [],
    }) as Entry);
  }
}

function u16(b: Buffer, i: number): number {
  return b[i] | (b[i + 1] << 8);
}

function u32(b: Buffer, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 0x1000000;
}

/**
 * Which central-directory records to materialize, judged on the raw name bytes buf[start, end): records it passes
 * over cost no allocation at all (no string, no object), which matters for jars of thousands of class files.
 */
export interface RawNameFilter {
  /** called once, before any keep(), with the bounds of the central directory */
  begin?(buf: Buffer, cdStart: number, cdEnd: number): void;
  keep(buf: Buffer, start: number, end: number): boolean;
}

/**
 * Central-directory listing done here rather than by yauzl.readEntry, which costs ~30 µs per entry (a stream per
 * header): thousands of jars with hundreds of entries each made that the dominant cost of a scan. The entries are
 * yauzl Entry objects, so reading data still goes through yauzl (local header checks, size validation).
 * `max` bounds the records visited, kept or not. Returns undefined for anything unusual (zip64, inconsistent
 * offsets): the caller falls back to yauzl's listing.
 */
export function fastListEntries(
  buf: Buffer,
  max: number,
  filter?: RawNameFilter,
): { entries: ZipEntryInfo[]; truncated: boolean } | undefined {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf[i] === 0x50 && buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > eocd) return undefined;
  const entries: ZipEntryInfo[] = [];
  // to the end record, not cdOffset + cdSize: records are read up to it whatever the size field says
  filter?.begin?.(buf, cdOffset, eocd);
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (n >= max) return { entries, truncated: true };
    // plain byte reads: Buffer.readUInt*LE checks bounds on every call, and this loop sees every class file
    if (p + 46 > eocd || u32(buf, p) !== 0x02014b50) return undefined;
    const flags = u16(buf, p + 8);
    const nameLen = u16(buf, p + 28);
    const compressedSize = u32(buf, p + 20);
    const uncompressedSize = u32(buf, p + 24);
    const offset = u32(buf, p + 42);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || offset === 0xffffffff) return undefined;
    if (p + 46 + nameLen > eocd) return undefined;
    const method = u16(buf, p + 10);
    // yauzl refuses stored entries whose sizes disagree when listing; keep that behaviour by deferring to it
    if (method === 0 && (flags & 1) === 0 && compressedSize !== uncompressedSize) return undefined;
    if (!filter || filter.keep(buf, p + 46, p + 46 + nameLen)) {
      const fileNameRaw = buf.subarray(p + 46, p + 46 + nameLen);
      const name = entryName(fileNameRaw, flags);
      entries.push(new ListedEntry(name, compressedSize, uncompressedSize, method, u32(buf, p + 16), offset, buf, p, fileNameRaw));
    }
    p += 46 + nameLen + u16(buf, p + 30) + u16(buf, p + 32);
  }
  return { entries, truncated: false };
}

/** Reads the central directory, at most `max` entries; `truncated` tells whether more were left. */
export function listEntries(zip: ZipFile, max: number, buf?: Buffer): Promise<{ entries: ZipEntryInfo[]; truncated: boolean }> {
  const fast = buf ? fastListEntries(buf, max) : undefined;
  if (fast) return Promise.resolve(fast);
  return new Promise((resolve, reject) => {
    const entries: ZipEntryInfo[] = [];
    let done = false;
    const finish = (truncated: boolean): void => {
      if (done) return;
      done = true;
      zip.removeAllListeners('entry');
      resolve({ entries, truncated });
    };
    zip.on('error', (e) => {
      if (!done) {
        done = true;
        reject(e);
      }
    });
    zip.on('end', () => finish(false));
    zip.on('entry', (e: Entry) => {
      const raw = e.fileName as unknown as Buffer | string;
      const name = typeof raw === 'string' ? raw : entryName(raw, e.generalPurposeBitFlag);
      entries.push({
        name,
        compressedSize: e.compressedSize,
        uncompressedSize: e.uncompressedSize,
        encrypted: (e.generalPurposeBitFlag & 0x1) !== 0,
        dir: name.endsWith('/'),
        method: e.compressionMethod,
        crc32: e.crc32,
        localHeaderOffset: e.relativeOffsetOfLocalHeader,
        entry: e,
      });
      if (entries.length >= max) finish(true);
      else zip.readEntry();
    });
    zip.readEntry();
  });
}

/** Reads one entry fully; the caller checked the declared size against its budget. */
export function readZipEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('cannot read entry'));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/** Zip-slip and absolute names: harmless here (nothing is extracted) but never used as a path. */
export function isUnsafeEntryName(name: string): boolean {
  // common case first: no "..", no backslash, no drive letter, no NUL (the full checks below allocate)
  const c = name.charCodeAt(0);
  if (c !== 0x2f && c !== 0x5c && name.charCodeAt(1) !== 0x3a && !name.includes('..') && !name.includes('\0')) return false;
  return name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || name.split(/[\\/]/).includes('..') || name.includes('\0');
}

/**
 * Reads one entry of an in-memory archive synchronously. Async zlib streams cost a thread-pool round trip per
 * entry, which dominated scans of thousands of small jars; this keeps yauzl's guarantees: the local header is
 * checked, inflation stops at the declared size (zip bombs), and the length and CRC-32 must match.
 */
export function readEntrySync(buf: Buffer, info: ZipEntryInfo): Buffer {
  const off = info.localHeaderOffset;
  if (off + 30 > buf.length || buf.readUInt32LE(off) !== 0x04034b50) throw new Error('invalid local file header');
  const start = off + 30 + buf.readUInt16LE(off + 26) + buf.readUInt16LE(off + 28);
  const end = start + info.compressedSize;
  if (end > buf.length) throw new Error('entry data runs past the end of the archive');
  const data = buf.subarray(start, end);
  let out: Buffer;
  const size = info.uncompressedSize;
  if (info.method === 0) out = data;
  else if (info.method === 8) {
    // small entries: the kept handle (inflate.ts) when it yields exactly the declared bytes with the right CRC;
    // inflateRawSync otherwise, which decides and words the error
    if (size <= SMALL_INFLATE) {
      try {
        const small = inflateRawSmall(data, size);
        if (small !== undefined && small.length === size && crc32(small) === info.crc32) return small;
      } catch {
        /* zlib decides below */
      }
    }
    try {
      // one output buffer of the declared size (+1 so that exceeding it is seen without another 16 KiB chunk)
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, size), chunkSize: Math.min(Math.max(64, size + 1), 64 * 1024) });
    } catch (err) {
      throw new Error(`inflate failed or exceeded the declared size of ${size} bytes (${(err as Error).message})`);
    }
  } else throw new Error(`unsupported compression method ${info.method}`);
  if (out.length !== size) throw new Error(`expected ${size} bytes, got ${out.length}`);
  if (crc32(out) !== info.crc32) throw new Error('CRC-32 mismatch');
  return out;
}
