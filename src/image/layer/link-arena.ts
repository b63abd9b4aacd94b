// Bytes of recent small files, kept for hardlinks later in the same layer, in one fixed ring buffer.
// A copy per file (or a view pinning a decompressed chunk) lived long enough to reach the old generation,
// and thousands of them then cost full GCs; the ring allocates once and evicts oldest-first as it wraps.

export class LinkArena {
  private ring?: Buffer;
  private pos = 0;
  /** path -> [start, length], oldest first (Map order): the ring is written in the same order */
  private readonly spans = new Map<string, [number, number]>();
  private readonly empties = new Set<string>();

  constructor(readonly capacity: number) {}

  /** Copies `content` in (when it fits at all), evicting whatever it overwrites. */
  put(path: string, content: Uint8Array): void {
    this.delete(path);
    const len = content.length;
    // empty files take no room (a zero-length span would sit in the eviction order without occupying it)
    if (len === 0) return void this.empties.add(path);
    if (len > this.capacity) return;
    this.ring ??= Buffer.allocUnsafe(this.capacity);
    if (this.pos + len > this.capacity) {
      // wrap: the previous lap's spans between the write position and the end are given up
      this.evictFrom(this.pos, this.capacity);
      this.pos = 0;
    }
    const from = this.pos;
    this.evictFrom(from, from + len);
    this.ring.set(content, from);
    this.spans.set(path, [from, len]);
    this.pos = from + len;
  }

  get(path: string): Buffer | undefined {
    if (this.empties.has(path)) return Buffer.alloc(0);
    const s = this.spans.get(path);
    return s && this.ring ? this.ring.subarray(s[0], s[0] + s[1]) : undefined;
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
   * Evicts the previous lap's spans that start in [from, to). They are the oldest (the front of the map), in
   * ascending position; the first span of the current lap (it starts before `from`) ends the search.
   */
  private evictFrom(from: number, to: number): void {
    for (const [k, s] of this.spans) {
      if (s[0] < from || s[0] >= to) break;
      this.spans.delete(k);
    }
  }
}
