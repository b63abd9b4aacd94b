// A small push-mode tar parser: headers in, bodies skipped or collected. It never buffers more than
// one collected entry in flight (whose size the caller has already capped), plus with `reuseBodies` two buffers of
// at most 16 MiB kept for the next ones, so memory does not grow with the layer.
// Written instead of using tar@7's Parser to get exact control over lying sizes, offsets and truncation.

export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'dir' | 'other';

export interface TarHeader {
  name: string;
  type: TarEntryType;
  /** raw typeflag character */
  flag: string;
  /** bytes of data stored in the archive for this entry */
  size: number;
  mode: number;
  uid: number;
  gid: number;
  linkName: string;
  /** GNU sparse entry: stored data is not the file content */
  sparse: boolean;
  /** logical file size (differs from size for sparse entries) */
  realSize: number;
  /** offset of the header in the uncompressed stream */
  offset: number;
}

export interface Collected {
  header: TarHeader;
  content: Buffer;
}

const BLOCK = 512;
// Go's archive/tar treats these as header-only regardless of the size field.
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);
const MAX_META = 1 << 20;
/** bodies up to this size that span chunks are copied into a reused buffer (larger ones, rare, get their own) */
const REUSE_MAX = 16 * 1024 * 1024;
const REUSE_MIN = 256 * 1024;
/** the buffers behind reused bodies (see `reuseBodies`) */
const reusable = new WeakSet<ArrayBufferLike>();

/** Whether `b` is a body the parser will overwrite (see `reuseBodies`): to be kept, it is copied. */
export function isReusedBody(b: Uint8Array): boolean {
  return reusable.has(b.buffer);
}

export interface TarParserOptions {
  /**
   * Collected bodies that span chunks are copied into one of two buffers the parser reuses, instead of a buffer of
   * their own each: thousands of jars and executables allocated that way added tens of MiB of external memory per
   * layer, and each 64 MiB of it cost a full garbage collection. Two, because one body can complete and the next
   * begin in the same write(). The caller drains `completed` after every write() and keeps no view of a content it
   * got (a copy, where isReusedBody() says so).
   */
  reuseBodies?: boolean;
}

type State = 'header' | 'body' | 'pad' | 'done' | 'error';
/** the pax record set of nearly every entry: none (shared, never written) */
const NO_PAX: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * An empty array that already holds objects as far as V8 is concerned. A `[]` starts out as an array of small
 * integers and changes kind at its first push: each layer has a parser of its own, and the first entry collected in
 * a later layer made the optimized write() (compiled on an earlier layer's array) deoptimize and compile again.
 */
function objectArray<T>(): T[] {
  const a: unknown[] = [undefined];
  a.pop();
  return a as T[];
}

export class TarParser {
  /** entries whose content was collected since the last drain */
  completed: Collected[] = objectArray();
  error?: string;
  entries = 0;
  private state: State = 'header';
  private hdr = Buffer.alloc(BLOCK);
  /** the current header: `hdr`, or the chunk it lies in whole, at offset `ho` */
  private hb: Buffer = this.hdr;
  private ho = 0;
  private hdrFill = 0;
  private zeroBlocks = 0;
  private remaining = 0;
  private pos = 0;
  private cur?: TarHeader;
  private buf?: Buffer;
  private bufFill = 0;
  private collect = false;
  private collectSize = 0;
  private metaKind?: string;
  private pax: Record<string, string> = NO_PAX;
  private longName?: string;
  private longLink?: string;

  private streaming = false;
  /** the two buffers reused for bodies that span chunks, and which one the last such body used */
  private readonly spare: (Buffer | undefined)[] = [undefined, undefined];
  private turn = 0;

  /**
   * onEntry decides per entry: true collects the content into `completed`; 'stream' hands the body to
   * `sink` chunk by chunk (for sequential reads of compressed outer archives).
   */
  constructor(
    private readonly onEntry: (h: TarHeader) => boolean | 'stream',
    private readonly sink?: { data(chunk: Buffer): void; end(): void },
    private readonly opts: TarParserOptions = {},
  ) {}

  get finished(): boolean {
    return this.state === 'done';
  }

  write(chunk: Buffer): void {
    let off = 0;
    const len = chunk.length;
    while (off < len) {
      switch (this.state) {
        case 'done':
        case 'error':
          this.pos += len - off;
          return;
        case 'header': {
          if (this.hdrFill === 0 && len - off >= BLOCK) {
            // the whole header lies in this chunk: read in place (no copy per entry)
            this.hb = chunk;
            this.ho = off;
            off += BLOCK;
            this.pos += BLOCK;
            this.onHeader();
            this.hb = this.hdr; // the chunk is not kept past its header
            break;
          }
          const n = Math.min(BLOCK - this.hdrFill, len - off);
          chunk.copy(this.hdr, this.hdrFill, off, off + n);
          this.hdrFill += n;
          off += n;
          this.pos += n;
          if (this.hdrFill === BLOCK) {
            this.hdrFill = 0;
            this.hb = this.hdr;
            this.ho = 0;
            this.onHeader();
          }
          break;
        }
        case 'body': {
          const n = Math.min(this.remaining, len - off);
          if (this.streaming) this.sink?.data(chunk.subarray(off, off + n));
          else if (this.collect && this.buf === undefined && n === this.remaining) {
            // the whole body lies in this chunk: a view, not a copy (stream chunks are never written again
            // once emitted, which read-ahead buffering relies on too); jars and ELF files are most of the bytes read
            this.buf = chunk.subarray(off, off + n);
            this.bufFill = n;
          } else if (this.collect) {
            this.buf ??= this.bodyBuffer(this.collectSize);
            const room = Math.min(n, this.buf.length - this.bufFill);
            chunk.copy(this.buf, this.bufFill, off, off + room);
            this.bufFill += room;
          }
          off += n;
          this.pos += n;
          this.remaining -= n;
          if (this.remaining === 0) this.endBody();
          break;
        }
        case 'pad': {
          const n = Math.min(this.remaining, len - off);
          off += n;
          this.pos += n;
          this.remaining -= n;
          if (this.remaining === 0) this.state = 'header';
          break;
        }
      }
    }
  }

  /** Call at end of input; returns a description of the truncation if the archive ended early. */
  end(): string | undefined {
    if (this.state === 'error') return this.error;
    if (this.state === 'done') return undefined;
    // A missing end-of-archive marker at an entry boundary is common and harmless.
    if (this.state === 'header' && this.hdrFill === 0) return undefined;
    if (this.state === 'pad') return undefined;
    const what = this.cur ? `inside entry "${this.cur.name}"` : 'inside a header';
    return `tar stream truncated at byte ${this.pos} ${what}`;
  }

  private fail(msg: string): void {
    this.state = 'error';
    this.error = msg;
  }

  private onHeader(): void {
    const h = this.hb;
    const o = this.ho;
    const offset = this.pos - BLOCK;
    if (isZero(h, o)) {
      if (++this.zeroBlocks >= 2) this.state = 'done';
      return;
    }
    this.zeroBlocks = 0;
    if (!checksumOk(h, o)) return this.fail(`invalid tar header checksum at byte ${offset}`);
    const flag = h[o + 156] === 0 ? '0' : String.fromCharCode(h[o + 156]);
    const size = readNum(h, o + 124, 12);
    if (size < 0 || !Number.isSafeInteger(size)) return this.fail(`invalid tar entry size at byte ${offset}`);
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size > MAX_META) return this.fail(`tar metadata header too large (${size} bytes) at byte ${offset}`);
      this.metaKind = flag;
      this.startBody(undefined, size, true);
      return;
    }
    const ustar = h[o + 257] === 0x75 && h[o + 258] === 0x73 && h[o + 259] === 0x74 && h[o + 260] === 0x61 && h[o + 261] === 0x72 && h[o + 262] === 0; // "ustar\0"
    let name = cstr(h, o, 100);
    if (ustar) {
      const prefix = cstr(h, o + 345, 155);
      if (prefix) name = prefix + '/' + name;
    }
    let linkName = cstr(h, o + 157, 100);
    if (this.longName !== undefined) name = this.longName;
    if (this.longLink !== undefined) linkName = this.longLink;
    const pax = this.pax;
    if (pax.path !== undefined) name = pax.path;
    if (pax.linkpath !== undefined) linkName = pax.linkpath;
    let dataSize = size;
    if (pax.size !== undefined && /^\d+$/.test(pax.size)) dataSize = Number(pax.size);
    let sparse = flag === 'S';
    let realSize = flag === 'S' ? readNum(h, o + 483, 12) : dataSize;
    if (pax['GNU.sparse.name'] !== undefined) name = pax['GNU.sparse.name'];
    if (pax['GNU.sparse.realsize'] !== undefined || pax['GNU.sparse.size'] !== undefined || pax['GNU.sparse.major'] !== undefined) {
      sparse = true;
      realSize = Number(pax['GNU.sparse.realsize'] ?? pax['GNU.sparse.size'] ?? dataSize);
    }
    if (pax !== NO_PAX) this.pax = NO_PAX;
    this.longName = undefined;
    this.longLink = undefined;
    if (HEADER_ONLY.has(flag)) dataSize = 0;
    const header: TarHeader = {
      name,
      type: typeOf(flag),
      flag,
      size: dataSize,
      mode: readNum(h, o + 100, 8) & 0o7777,
      uid: numOr(pax.uid, readNum(h, o + 108, 8)),
      gid: numOr(pax.gid, readNum(h, o + 116, 8)),
      linkName,
      sparse,
      realSize: Number.isFinite(realSize) && realSize >= 0 ? realSize : dataSize,
      offset,
    };
    this.entries++;
    const want = this.onEntry(header);
    this.streaming = want === 'stream';
    this.startBody(header, dataSize, want === true);
  }

  private startBody(header: TarHeader | undefined, size: number, collect: boolean): void {
    this.cur = header;
    // allocated on the first body bytes, unless the body arrives whole in one chunk
    this.buf = collect && size === 0 ? Buffer.alloc(0) : undefined;
    this.collect = collect;
    this.collectSize = size;
    this.bufFill = 0;
    this.remaining = size;
    if (size === 0) this.endBody();
    else this.state = 'body';
  }

  /** Room for a body that spans chunks: its own buffer, or with `reuseBodies` the other reused one (grown as needed). */
  private bodyBuffer(size: number): Buffer {
    if (!this.opts.reuseBodies || size > REUSE_MAX) return Buffer.allocUnsafe(size);
    this.turn ^= 1;
    let b = this.spare[this.turn];
    if (b === undefined || b.length < size) {
      // doubling: a few growths per layer, not one per larger file
      b = this.spare[this.turn] = Buffer.allocUnsafe(Math.max(size, REUSE_MIN, Math.min(2 * (b?.length ?? 0), REUSE_MAX)));
      reusable.add(b.buffer);
    }
    return b.subarray(0, size);
  }

  private endBody(): void {
    const size = this.buf?.length ?? 0;
    if (this.cur === undefined) {
      if (this.buf) this.onMeta(this.buf);
    } else if (this.buf) {
      this.completed.push({ header: this.cur, content: this.buf });
    }
    if (this.streaming) {
      this.streaming = false;
      this.sink?.end();
    }
    this.buf = undefined;
    this.collect = false;
    this.metaKind = undefined;
    const entrySize = this.cur ? this.cur.size : size;
    this.cur = undefined;
    const pad = (BLOCK - (entrySize % BLOCK)) % BLOCK;
    this.remaining = pad;
    this.state = pad === 0 ? 'header' : 'pad';
  }

  private onMeta(data: Buffer): void {
    if (this.metaKind === 'L') this.longName = cstr(data, 0, data.length);
    else if (this.metaKind === 'K') this.longLink = cstr(data, 0, data.length);
    else if (this.metaKind === 'x') this.pax = parsePax(data);
    // 'g' (global pax) only carries comments/mtimes in practice: ignored.
  }
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '7':
    case 'S':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'dir';
    default:
      return 'other';
  }
}

/** Whether the 512-byte block at `o` is all zeros. */
export function isZero(b: Buffer, o = 0): boolean {
  // byte loads: every real header returns at its first byte, without a BigInt per header
  for (let i = o; i < o + BLOCK; i++) if (b[i] !== 0) return false;
  return true;
}

/** Whether the header at `o` carries its own checksum. */
export function checksumOk(h: Buffer, o = 0): boolean {
  const stored = readNum(h, o + 148, 8);
  // the checksum field itself counts as eight spaces. Four running sums, no branch per byte: every header of a
  // layer passes here (tens of thousands per image), and this halved its cost. 148 and 356 are multiples of 4.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = o; i < o + 148; i += 4) {
    s0 += h[i];
    s1 += h[i + 1];
    s2 += h[i + 2];
    s3 += h[i + 3];
  }
  for (let i = o + 156; i < o + BLOCK; i += 4) {
    s0 += h[i];
    s1 += h[i + 1];
    s2 += h[i + 2];
    s3 += h[i + 3];
  }
  const unsigned = 8 * 32 + s0 + s1 + s2 + s3;
  if (stored === unsigned) return true;
  // signed sums (old tars) differ by 256 per byte above 127
  let high = 0;
  for (let i = o; i < o + BLOCK; i++) if (h[i] > 127 && (i < o + 148 || i >= o + 156)) high++;
  return high > 0 && stored === unsigned - 256 * high;
}

export function cstr(b: Buffer, start: number, len: number): string {
  let end = start;
  const max = Math.min(start + len, b.length);
  while (end < max && b[end] !== 0) end++;
  return b.toString('utf8', start, end);
}

/** octal, or GNU base-256 when the high bit of the first byte is set */
export function readNum(b: Buffer, start: number, len: number): number {
  if (b[start] & 0x80) {
    let v = b[start] & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + b[start + i];
    return v;
  }
  // The field ends at the first NUL or space. The common shape (octal digits, then NUL/space or the end of the
  // field) is read directly; anything else goes through the general parse (same results).
  const end = start + len;
  const first = b[start];
  if (first === 0 || first === 0x20) return 0;
  let v = 0;
  let i = start;
  for (; i < end; i++) {
    const c = b[i];
    if (c < 0x30 || c > 0x37) break;
    v = v * 8 + (c - 0x30);
  }
  if (i > start && (i === end || b[i] === 0 || b[i] === 0x20)) return v;
  return readNumSlow(b, start, len);
}

function readNumSlow(b: Buffer, start: number, len: number): number {
  const s = b.toString('latin1', start, start + len).replace(/[\0 ].*$/s, '').trim();
  if (s === '') return 0;
  const v = parseInt(s, 8);
  return Number.isNaN(v) ? -1 : v;
}

function numOr(s: string | undefined, fallback: number): number {
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : fallback;
}

export function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let off = 0;
  while (off < data.length) {
    const sp = data.indexOf(0x20, off);
    if (sp < 0) break;
    const len = parseInt(data.toString('latin1', off, sp), 10);
    if (!(len > 0) || off + len > data.length) break;
    const rec = data.toString('utf8', sp + 1, off + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    off += len;
  }
  return out;
}
