// Bytes of recent small files, kept for hardlinks later in the same layer, in one fixed ring buffer.
// A copy per file (or a view pinning a decompressed chunk) lived long enough to reach the old generation,
// and thousands of them then cost full GCs; the ring allocates once and evicts oldest-first as it wraps.

/**
 * Each record in the ring: its length (4 bytes), then the bytes, so that the map holds a plain number per path (no
 * object per file to survive collections). `capacity` counts headers too; one record of `capacity` bytes still fits.
 */
const HEADER = 4;

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
    this.ring ??= Buffer.allocUnsafe(size);
    if (this.pos + HEADER + len > size) {
      // wrap: the previous lap's records between the write position and the end are given up
      this.evictFrom(this.pos, size);
      this.pos = 0;
    }
    const from = this.pos;
    this.evictFrom(from, from + HEADER + len);
    this.ring.writeUInt32LE(len, from);
    this.ring.set(content, from + HEADER);
    this.spans.set(path, from);
    this.pos = from + HEADER + len;
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
