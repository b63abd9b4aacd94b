// rpm header blob reader. Written here because no maintained npm library parses rpm headers without
// native rpm bindings. A stored header is: il (entries) and dl (data bytes), both big-endian uint32, then
// il 16-byte index entries {tag, type, offset, count}, then the data store. Every read is bounds-checked:
// the blob comes from an untrusted image.

export const TAG = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  SUMMARY: 1004,
  SIZE: 1009,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
} as const;

const TYPE = { CHAR: 1, INT8: 2, INT16: 3, INT32: 4, INT64: 5, STRING: 6, BIN: 7, STRING_ARRAY: 8, I18NSTRING: 9 } as const;
const MAX_ENTRIES = 0xffff;
const MAX_DATA = 256 * 1024 * 1024;

export class RpmHeaderError extends Error {}

interface IndexEntry {
  type: number;
  offset: number;
  count: number;
}

export class RpmHeader {
  private readonly entries = new Map<number, IndexEntry>();
  private readonly data: Buffer;

  constructor(blob: Buffer) {
    if (blob.length < 8) throw new RpmHeaderError('header blob shorter than 8 bytes');
    const il = blob.readUInt32BE(0);
    const dl = blob.readUInt32BE(4);
    if (il === 0 || il > MAX_ENTRIES) throw new RpmHeaderError(`implausible header index count ${il}`);
    if (dl > MAX_DATA) throw new RpmHeaderError(`implausible header data length ${dl}`);
    const dataStart = 8 + il * 16;
    if (dataStart + dl > blob.length) throw new RpmHeaderError(`header needs ${dataStart + dl} bytes, blob has ${blob.length}`);
    this.data = blob.subarray(dataStart, dataStart + dl);
    for (let i = 0; i < il; i++) {
      const o = 8 + i * 16;
      const tag = blob.readUInt32BE(o);
      const e = { type: blob.readUInt32BE(o + 4), offset: blob.readUInt32BE(o + 8), count: blob.readUInt32BE(o + 12) };
      // entries pointing outside the data store are ignored rather than trusted
      if (e.offset >= dl && !(e.offset === dl && e.count === 0)) continue;
      if (!this.entries.has(tag)) this.entries.set(tag, e);
    }
  }

  has(tag: number): boolean {
    return this.entries.has(tag);
  }

  private cstring(offset: number): string | undefined {
    const end = this.data.indexOf(0, offset);
    if (end < 0) return undefined;
    return this.data.toString('utf8', offset, end);
  }

  /** STRING / I18NSTRING (first translation) / first element of STRING_ARRAY */
  string(tag: number): string | undefined {
    const e = this.entries.get(tag);
    if (!e) return undefined;
    if (e.type !== TYPE.STRING && e.type !== TYPE.I18NSTRING && e.type !== TYPE.STRING_ARRAY) return undefined;
    return this.cstring(e.offset);
  }

  strings(tag: number): string[] {
    const e = this.entries.get(tag);
    if (!e || (e.type !== TYPE.STRING_ARRAY && e.type !== TYPE.STRING && e.type !== TYPE.I18NSTRING)) return [];
    const out: string[] = [];
    let off = e.offset;
    // each string takes at least one byte, so count cannot exceed the remaining data
    const n = Math.min(e.count, this.data.length - e.offset);
    for (let i = 0; i < n; i++) {
      const end = this.data.indexOf(0, off);
      if (end < 0) break;
      out.push(this.data.toString('utf8', off, end));
      off = end + 1;
    }
    return out;
  }

  ints(tag: number): number[] {
    const e = this.entries.get(tag);
    if (!e) return [];
    const size = e.type === TYPE.INT32 ? 4 : e.type === TYPE.INT16 ? 2 : e.type === TYPE.INT8 || e.type === TYPE.CHAR ? 1 : e.type === TYPE.INT64 ? 8 : 0;
    if (size === 0) return [];
    const n = Math.min(e.count, Math.floor((this.data.length - e.offset) / size));
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const o = e.offset + i * size;
      if (size === 4) out.push(this.data.readUInt32BE(o));
      else if (size === 2) out.push(this.data.readUInt16BE(o));
      else if (size === 1) out.push(this.data[o]);
      else out.push(Number(this.data.readBigUInt64BE(o)));
    }
    return out;
  }

  int(tag: number): number | undefined {
    return this.ints(tag)[0];
  }

  /** Installed file paths: BASENAMES + DIRNAMES[DIRINDEXES], or the legacy OLDFILENAMES. */
  files(): string[] {
    const base = this.strings(TAG.BASENAMES);
    if (base.length === 0) return this.strings(TAG.OLDFILENAMES);
    const dirs = this.strings(TAG.DIRNAMES);
    const idx = this.ints(TAG.DIRINDEXES);
    const out: string[] = [];
    for (let i = 0; i < base.length; i++) {
      const d = dirs[idx[i]];
      if (d !== undefined) out.push(d + base[i]);
    }
    return out;
  }
}

export interface RpmInfo {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  sourceRpm?: string;
  license?: string;
  vendor?: string;
  files: string[];
}

/** The fields Drydock needs from one header blob; throws RpmHeaderError on unusable blobs. */
export function readRpmInfo(blob: Buffer): RpmInfo {
  const h = new RpmHeader(blob);
  const name = h.string(TAG.NAME);
  const version = h.string(TAG.VERSION);
  const release = h.string(TAG.RELEASE);
  if (!name || version === undefined || release === undefined) throw new RpmHeaderError('header lacks NAME, VERSION or RELEASE');
  const info: RpmInfo = { name, version, release, files: h.files() };
  const epoch = h.int(TAG.EPOCH);
  if (epoch !== undefined) info.epoch = epoch;
  info.arch = h.string(TAG.ARCH);
  info.sourceRpm = h.string(TAG.SOURCERPM);
  info.license = h.string(TAG.LICENSE);
  info.vendor = h.string(TAG.VENDOR);
  return info;
}

/** "openssl-3.0.7-24.el9.src.rpm" → { name: openssl, version: 3.0.7-24.el9 } (name may contain dashes). */
export function parseSourceRpm(srpm: string): { name: string; version: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(srpm);
  return m ? { name: m[1], version: `${m[2]}-${m[3]}` } : undefined;
}
