// A small synchronous zip reader for OSV bulk exports (hundreds of thousands of small entries), where
// yauzl's two async reads per entry dominated the import time. It streams: the central directory and the
// entry data are read through a bounded window, never the whole file. Like yauzl it refuses entries whose
// sizes or CRC do not match, and truncated archives (missing end-of-central-directory record).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';

export class ZipFormatError extends Error {}

interface CdEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

const WINDOW = 4 * 1024 * 1024;

class WindowReader {
  private buf = Buffer.alloc(0);
  private start = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}
  /** `len` bytes at `pos` (a view valid until the next call). */
  read(pos: number, len: number): Buffer {
    if (pos < 0 || pos + len > this.size) throw new ZipFormatError(`read past end of file (offset ${pos}, ${len} bytes; file is ${this.size} bytes)`);
    if (pos < this.start || pos + len > this.start + this.buf.length) {
      const n = Math.min(Math.max(len, WINDOW), this.size - pos);
      const b = Buffer.allocUnsafe(n);
      let got = 0;
      while (got < n) {
        const r = readSync(this.fd, b, got, n - got, pos + got);
        if (r === 0) throw new ZipFormatError('unexpected end of file');
        got += r;
      }
      this.buf = b;
      this.start = pos;
    }
    return this.buf.subarray(pos - this.start, pos - this.start + len);
  }
}

function findEocd(r: WindowReader): { count: number; cdSize: number; cdOffset: number } {
  const tailLen = Math.min(r.size, 65535 + 22);
  const tail = Buffer.from(r.read(r.size - tailLen, tailLen));
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== 0x06054b50) continue;
    let count = tail.readUInt16LE(i + 10);
    let cdSize = tail.readUInt32LE(i + 12);
    let cdOffset = tail.readUInt32LE(i + 16);
    const eocdPos = r.size - tailLen + i;
    // zip64: a locator sits right before the EOCD and points at the zip64 EOCD record
    if (eocdPos >= 20) {
      const loc = Buffer.from(r.read(eocdPos - 20, 20));
      if (loc.readUInt32LE(0) === 0x07064b50) {
        const z64 = Buffer.from(r.read(Number(loc.readBigUInt64LE(8)), 56));
        if (z64.readUInt32LE(0) !== 0x06064b50) throw new ZipFormatError('bad zip64 end of central directory record');
        count = Number(z64.readBigUInt64LE(32));
        cdSize = Number(z64.readBigUInt64LE(40));
        cdOffset = Number(z64.readBigUInt64LE(48));
      }
    }
    if (cdOffset + cdSize > eocdPos) throw new ZipFormatError('central directory lies outside the file (truncated?)');
    return { count, cdSize, cdOffset };
  }
  throw new ZipFormatError('end of central directory record not found (truncated or not a zip file)');
}

function zip64Extra(extra: Buffer, e: CdEntry): void {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const len = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      let p = i + 4;
      if (e.uncompressedSize === 0xffffffff) (e.uncompressedSize = Number(extra.readBigUInt64LE(p))), (p += 8);
      if (e.compressedSize === 0xffffffff) (e.compressedSize = Number(extra.readBigUInt64LE(p))), (p += 8);
      if (e.localOffset === 0xffffffff) e.localOffset = Number(extra.readBigUInt64LE(p));
      return;
    }
    i += 4 + len;
  }
}

/** Calls `onEntry(name, data)` for every file entry, in central-directory order. Throws ZipFormatError naming the entry. */
export interface ZipRange {
  /** first central-directory index to deliver (inclusive) */
  from: number;
  /** last index, exclusive */
  to: number;
}

/** Number of entries the end-of-central-directory record declares. */
export function countZipEntries(path: string): number {
  const fd = openSync(path, 'r');
  try {
    return findEocd(new WindowReader(fd, fstatSync(fd).size)).count;
  } finally {
    closeSync(fd);
  }
}

export function readZipEntries(
  path: string,
  onEntry: (name: string, data: Buffer) => void,
  filter: (name: string) => boolean = () => true,
  range?: ZipRange,
): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const cdReader = new WindowReader(fd, size);
    const dataReader = new WindowReader(fd, size);
    const { count, cdSize, cdOffset } = findEocd(cdReader);
    let pos = cdOffset;
    const end = cdOffset + cdSize;
    let seen = 0;
    while (pos < end) {
      const h = cdReader.read(pos, 46);
      if (h.readUInt32LE(0) !== 0x02014b50) throw new ZipFormatError(`bad central directory header at offset ${pos}`);
      const nameLen = h.readUInt16LE(28);
      const extraLen = h.readUInt16LE(30);
      const commentLen = h.readUInt16LE(32);
      const e: CdEntry = {
        flags: h.readUInt16LE(8),
        method: h.readUInt16LE(10),
        crc: h.readUInt32LE(16),
        compressedSize: h.readUInt32LE(20),
        uncompressedSize: h.readUInt32LE(24),
        localOffset: h.readUInt32LE(42),
        name: '',
      };
      const vr = cdReader.read(pos + 46, nameLen + extraLen);
      e.name = vr.toString('utf8', 0, nameLen);
      if (extraLen > 0) zip64Extra(Buffer.from(vr.subarray(nameLen)), e);
      pos += 46 + nameLen + extraLen + commentLen;
      const index = seen++;
      if (range && (index < range.from || index >= range.to)) continue;
      if (e.name.endsWith('/') || !filter(e.name)) continue;
      onEntry(e.name, readData(dataReader, e));
    }
    if (seen !== count) throw new ZipFormatError(`central directory lists ${seen} entries, end record says ${count}`);
    return seen;
  } finally {
    closeSync(fd);
  }
}

function readData(r: WindowReader, e: CdEntry): Buffer {
  const lh = r.read(e.localOffset, 30);
  if (lh.readUInt32LE(0) !== 0x04034b50) throw new ZipFormatError(`entry ${e.name}: bad local header`);
  if (e.flags & 0x1) throw new ZipFormatError(`entry ${e.name}: encrypted entries are not supported`);
  const dataPos = e.localOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  const raw = r.read(dataPos, e.compressedSize);
  let data: Buffer;
  try {
    if (e.method === 0) data = Buffer.from(raw);
    else if (e.method === 8) data = inflateRawSync(raw, { maxOutputLength: Math.max(e.uncompressedSize, 1) });
    else throw new ZipFormatError(`entry ${e.name}: unsupported compression method ${e.method}`);
  } catch (err) {
    if (err instanceof ZipFormatError) throw err;
    throw new ZipFormatError(`entry ${e.name}: ${(err as Error).message}`);
  }
  if (data.length !== e.uncompressedSize) throw new ZipFormatError(`entry ${e.name}: size ${data.length} does not match the declared ${e.uncompressedSize}`);
  if (crc32(data) !== e.crc) throw new ZipFormatError(`entry ${e.name}: CRC mismatch`);
  return data;
}
