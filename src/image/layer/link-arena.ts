// Bytes of recent small files, kept for hardlinks later in the same layer, in one ring buffer.
// A copy per file (or a view pinning a decompressed chunk) lived long enough to reach the old generation,
// and thousands of them then cost full GCs; the ring grows by doubling up to its capacity (a few allocations per
// layer, none per file) and, once full, evicts oldest-first as it wraps.

/**
 * Each record in the ring: its length (4 bytes), then the bytes, so that the map holds a plain number per path (no
 * object per file to survive collections). `capacity` counts headers too; one record of `capacity` bytes still fits.
 */
const HEADER = 4;
const MIN_RING = 64 * 1024;

export class LinkArena {
  private ring?: Buffer;
  private pos = 0;
  /** path -> start of its record, oldest first (Map order): the ring is written in the same order */
  private readonly spans = new Map<string, number>();
  private readonly empties = new Set<string>();

  constructor(readonly capacity: number) {}

  /** Copies `content` in (when it fits at all), evicting whatever it overwrites. */
  put(path: string, content: Uint8Array): void {
    this.delete(path);
    const len = content.length;
    // empty files take no room (a zero-length span would sit in the eviction order without occupying it)
    if (len === 0) return void this.empties.add(path);
    if (len > this.capacity) return;
    const size = this.capacity + HEADER;
    const end = this.pos + HEADER + len;
    // grown by doubling until it reaches its capacity: a layer with few small files read does not allocate all of it
    // (external memory counts towards V8's next full collection whether written or not)
    let ring = this.ring;
    if (ring === undefined || (end > ring.length && ring.length < size)) ring = this.grow(Math.min(size, Math.max(MIN_RING, end, 2 * (ring?.length ?? 0))));
    if (end > size) {
      // wrap: the previous lap's records between the write position and the end are given up
      this.evictFrom(this.pos, size);
      this.pos = 0;
    }
    const from = this.pos;
    this.evictFrom(from, from + HEADER + len);
    ring.writeUInt32LE(len, from);
    ring.set(content, from + HEADER);
    this.spans.set(path, from);
    this.pos = from + HEADER + len;
  }

  /** A larger ring with the records so far at the same places (it has not wrapped: it wraps only at full size). */
  private grow(n: number): Buffer {
    const ring = Buffer.allocUnsafe(n);
    this.ring?.copy(ring, 0, 0, this.pos);
    return (this.ring = ring);
  }

  get(path: string): Buffer | undefined {
    if (this.empties.has(path)) return Buffer.alloc(0);
    const at = this.spans.get(path);
    if (at === undefined || !this.ring) return undefined;
    return this.ring.subarray(at + HEADER, at + HEADER + this.ring.readUInt32LE(at));
  }

  delete(path: string): void {
    this.spans.delete(path);
    this.empties.delete(path);
  }

  clear(): void {
    this.spans.clear();
    this.empties.clear();
    this.ring = undefined;
    this.pos = 0;
  }

  /**
   * Evicts the previous lap's records that start in [from, to). They are the oldest (the front of the map), in
   * ascending position; the first record of the current lap (it starts before `from`) ends the search.
   */
  private evictFrom(from: number, to: number): void {
    for (const [k, at] of this.spans) {
      if (at < from || at >= to) break;
      this.spans.delete(k);
    }
  }
}
