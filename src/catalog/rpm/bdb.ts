// Read-only BerkeleyDB hash reader for rpm's legacy /var/lib/rpm/Packages: yields the stored values (header
// blobs). Only the pieces rpm uses: the hash meta page, hash pages with off-page values, overflow chains.
// Both byte orders occur (the db is written in the host's order). Bounds and cycles are checked throughout.

const HASH_MAGIC = 0x061561;
const PAGE_HEADER = 26;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASH = 13;
const H_OFFPAGE = 3;

export class BdbError extends Error {}

export function isBdbHash(buf: Buffer): boolean {
  return buf.length >= 72 && (buf.readUInt32LE(12) === HASH_MAGIC || buf.readUInt32BE(12) === HASH_MAGIC);
}

export function readBdbValues(buf: Buffer, warn: (message: string) => void): Buffer[] {
  if (!isBdbHash(buf)) throw new BdbError('not a BerkeleyDB hash database (bad magic)');
  const le = buf.readUInt32LE(12) === HASH_MAGIC;
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw new BdbError(`invalid page size ${pageSize}`);
  if (buf[25] !== 8) throw new BdbError(`meta page type ${buf[25]} is not a hash meta page`);
  const pages = Math.floor(buf.length / pageSize);
  const lastPage = Math.min(u32(32), pages - 1);
  if (u32(32) >= pages) warn(`database is truncated: ${u32(32) + 1} pages declared, ${pages} present`);

  const values: Buffer[] = [];
  for (let pg = 1; pg <= lastPage; pg++) {
    const start = pg * pageSize;
    const type = buf[start + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = u16(start + 20);
    if (PAGE_HEADER + entries * 2 > pageSize) {
      warn(`hash page ${pg} declares ${entries} entries; skipped`);
      continue;
    }
    // entries alternate key, value; rpm values (headers) live on overflow pages
    for (let i = 1; i < entries; i += 2) {
      const itemOff = u16(start + PAGE_HEADER + i * 2);
      if (itemOff < PAGE_HEADER || itemOff >= pageSize) {
        warn(`hash page ${pg} item ${i} points outside the page`);
        continue;
      }
      const item = start + itemOff;
      // small inline values (rpm's record 0 bookkeeping) are not headers
      if (buf[item] !== H_OFFPAGE) continue;
      if (itemOff + 12 > pageSize) {
        warn(`hash page ${pg} off-page item ${i} is cut by the page end`);
        continue;
      }
      const value = readOverflow(buf, pageSize, pages, u32(item + 4), u32(item + 8), u32, u16, warn);
      if (value) values.push(value);
    }
  }
  return values;
}

function readOverflow(
  buf: Buffer,
  pageSize: number,
  pages: number,
  first: number,
  totalLen: number,
  u32: (o: number) => number,
  u16: (o: number) => number,
  warn: (message: string) => void,
): Buffer | undefined {
  if (totalLen > pages * pageSize) {
    warn(`overflow value at page ${first} claims ${totalLen} bytes`);
    return undefined;
  }
  const parts: Buffer[] = [];
  let got = 0;
  const seen = new Set<number>();
  let pg = first;
  while (pg !== 0 && got < totalLen) {
    if (pg >= pages || seen.has(pg)) {
      warn(`overflow chain from page ${first} is broken at page ${pg}`);
      return undefined;
    }
    seen.add(pg);
    const start = pg * pageSize;
    if (buf[start + 25] !== P_OVERFLOW) {
      warn(`page ${pg} in an overflow chain is not an overflow page`);
      return undefined;
    }
    const next = u32(start + 16);
    // the last page says how many of its bytes are used (hf_offset); earlier pages are full
    const len = next === 0 ? Math.min(u16(start + 22), pageSize - PAGE_HEADER) : pageSize - PAGE_HEADER;
    const take = Math.min(len, totalLen - got);
    parts.push(buf.subarray(start + PAGE_HEADER, start + PAGE_HEADER + take));
    got += take;
    pg = next;
  }
  if (got < totalLen) {
    warn(`overflow value at page ${first} is short: ${got} of ${totalLen} bytes`);
    return undefined;
  }
  return Buffer.concat(parts);
}
