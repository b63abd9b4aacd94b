// A small raw-DEFLATE (RFC 1951) decoder for the tiny entries read from every jar (MANIFEST.MF, pom.properties),
// after Mark Adler's puff.c. zlib's inflateRawSync builds a stream object, a native handle and a 32 KiB window per
// call, which for thousands of jars × a few hundred bytes cost more than the inflation itself.
// Output is bounded by `max` (the declared size): more output throws, so zip bombs stay bounded. Callers check
// length and CRC-32 and fall back to zlib on any failure, so zlib stays the authority on damaged data.

const LBASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEXT = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DBASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DEXT = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CLORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const MAXBITS = 15;

/** codes up to this many bits are decoded with one table lookup; longer ones bit by bit */
const FAST_BITS = 9;

class Huffman {
  readonly count = new Uint16Array(MAXBITS + 1);
  readonly symbol: Uint16Array;
  /** next FAST_BITS input bits (as read, LSB first) → (code length << 16) | symbol; 0 when the code is longer */
  fast: Int32Array | undefined;
  constructor(n: number) {
    this.symbol = new Uint16Array(n);
  }
}

/** Fills h.fast from the canonical code that build() described (codes in order of length, then symbol). */
function buildFast(h: Huffman): void {
  const fast = new Int32Array(1 << FAST_BITS);
  let code = 0;
  let index = 0;
  for (let len = 1; len <= FAST_BITS; len++) {
    for (let k = 0; k < h.count[len]; k++, code++) {
      let rev = 0;
      for (let b = 0; b < len; b++) rev |= ((code >>> b) & 1) << (len - 1 - b);
      const entry = (len << 16) | h.symbol[index++];
      for (let fill = rev; fill < 1 << FAST_BITS; fill += 1 << len) fast[fill] = entry;
    }
    code <<= 1;
  }
  h.fast = fast;
}

/** Canonical code from code lengths; <0 over-subscribed, >0 incomplete, 0 complete. */
function build(h: Huffman, lengths: Uint8Array, off: number, n: number): number {
  h.count.fill(0);
  for (let s = 0; s < n; s++) h.count[lengths[off + s]]++;
  if (h.count[0] === n) return 0;
  let left = 1;
  for (let len = 1; len <= MAXBITS; len++) {
    left <<= 1;
    left -= h.count[len];
    if (left < 0) return left;
  }
  const offs = new Uint16Array(MAXBITS + 1);
  for (let len = 1; len < MAXBITS; len++) offs[len + 1] = offs[len] + h.count[len];
  for (let s = 0; s < n; s++) if (lengths[off + s] !== 0) h.symbol[offs[lengths[off + s]]++] = s;
  return left;
}

let fixedLen: Huffman | undefined;
let fixedDist: Huffman | undefined;

class State {
  pos = 0;
  bitbuf = 0;
  bitcnt = 0;
  outPos = 0;
  readonly out: Buffer;
  constructor(
    readonly input: Uint8Array,
    readonly max: number,
  ) {
    this.out = Buffer.allocUnsafe(max);
  }

  bits(need: number): number {
    let val = this.bitbuf;
    while (this.bitcnt < need) {
      if (this.pos >= this.input.length) throw new Error('unexpected end of deflate data');
      val |= this.input[this.pos++] << this.bitcnt;
      this.bitcnt += 8;
    }
    this.bitbuf = val >>> need;
    this.bitcnt -= need;
    return val & ((1 << need) - 1);
  }

  decode(h: Huffman): number {
    if (h.fast !== undefined) {
      while (this.bitcnt < FAST_BITS && this.pos < this.input.length) {
        this.bitbuf |= this.input[this.pos++] << this.bitcnt;
        this.bitcnt += 8;
      }
      const e = h.fast[this.bitbuf & ((1 << FAST_BITS) - 1)];
      const len = e >>> 16;
      if (e !== 0 && len <= this.bitcnt) {
        this.bitbuf >>>= len;
        this.bitcnt -= len;
        return e & 0xffff;
      }
    }
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAXBITS; len++) {
      code |= this.bits(1);
      const count = h.count[len];
      if (code - count < first) return h.symbol[index + (code - first)];
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    throw new Error('invalid Huffman code');
  }

  stored(): void {
    // decode() reads ahead whole bytes: they belong to the stored block's header, only the partial byte is dropped
    this.pos -= this.bitcnt >>> 3;
    this.bitbuf = 0;
    this.bitcnt = 0;
    const { input } = this;
    if (this.pos + 4 > input.length) throw new Error('unexpected end of deflate data');
    const len = input[this.pos] | (input[this.pos + 1] << 8);
    const nlen = input[this.pos + 2] | (input[this.pos + 3] << 8);
    if (len !== (~nlen & 0xffff)) throw new Error('invalid stored block lengths');
    this.pos += 4;
    if (this.pos + len > input.length) throw new Error('unexpected end of deflate data');
    if (this.outPos + len > this.max) throw new Error('output exceeds the declared size');
    this.out.set(input.subarray(this.pos, this.pos + len), this.outPos);
    this.pos += len;
    this.outPos += len;
  }

  codes(lencode: Huffman, distcode: Huffman): void {
    const out = this.out;
    for (;;) {
      let sym = this.decode(lencode);
      if (sym < 256) {
        if (this.outPos >= this.max) throw new Error('output exceeds the declared size');
        out[this.outPos++] = sym;
      } else if (sym > 256) {
        sym -= 257;
        if (sym >= 29) throw new Error('invalid length symbol');
        const len = LBASE[sym] + this.bits(LEXT[sym]);
        const ds = this.decode(distcode);
        if (ds >= 30) throw new Error('invalid distance symbol');
        const dist = DBASE[ds] + this.bits(DEXT[ds]);
        if (dist > this.outPos) throw new Error('invalid distance too far back');
        if (this.outPos + len > this.max) throw new Error('output exceeds the declared size');
        let o = this.outPos;
        for (let i = 0; i < len; i++, o++) out[o] = out[o - dist];
        this.outPos = o;
      } else return;
    }
  }

  fixed(): void {
    if (!fixedLen || !fixedDist) {
      const lengths = new Uint8Array(288 + 30);
      for (let s = 0; s < 288; s++) lengths[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
      lengths.fill(5, 288);
      const l = new Huffman(288);
      const d = new Huffman(30);
      build(l, lengths, 0, 288);
      build(d, lengths, 288, 30);
      buildFast(l);
      buildFast(d);
      fixedLen = l;
      fixedDist = d;
    }
    this.codes(fixedLen, fixedDist);
  }

  dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw new Error('bad counts');
    const lengths = new Uint8Array(286 + 30);
    for (let i = 0; i < ncode; i++) lengths[CLORDER[i]] = this.bits(3);
    const lencode = new Huffman(286);
    const distcode = new Huffman(30);
    if (build(lencode, lengths, 0, 19) !== 0) throw new Error('invalid code lengths set');
    let index = 0;
    while (index < nlen + ndist) {
      let sym = this.decode(lencode);
      if (sym < 16) lengths[index++] = sym;
      else {
        let len = 0;
        if (sym === 16) {
          if (index === 0) throw new Error('repeat with no first length');
          len = lengths[index - 1];
          sym = 3 + this.bits(2);
        } else if (sym === 17) sym = 3 + this.bits(3);
        else sym = 11 + this.bits(7);
        if (index + sym > nlen + ndist) throw new Error('too many lengths');
        while (sym-- > 0) lengths[index++] = len;
      }
    }
    if (lengths[256] === 0) throw new Error('no end-of-block code');
    let err = build(lencode, lengths, 0, nlen);
    if (err < 0 || (err > 0 && nlen - lencode.count[0] !== 1)) throw new Error('invalid literal/lengths set');
    err = build(distcode, lengths, nlen, ndist);
    if (err < 0 || (err > 0 && ndist - distcode.count[0] !== 1)) throw new Error('invalid distances set');
    buildFast(lencode);
    buildFast(distcode);
    this.codes(lencode, distcode);
  }
}

/** Inflates raw DEFLATE data into at most `max` bytes; throws on damaged data or more output than `max`. */
export function inflateRawSmall(input: Uint8Array, max: number): Buffer {
  const s = new State(input, max);
  let last: number;
  do {
    last = s.bits(1);
    const type = s.bits(2);
    if (type === 0) s.stored();
    else if (type === 1) s.fixed();
    else if (type === 2) s.dynamic();
    else throw new Error('invalid block type');
  } while (!last);
  return s.out.subarray(0, s.outPos);
}
