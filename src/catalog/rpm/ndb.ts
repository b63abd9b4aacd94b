// Reader for rpm's NDB backend (/var/lib/rpm/Packages.db, SUSE): a header page with the slot-page count,
// slots {magic, pkgIndex, blkOffset, blkCount} (16 bytes, little-endian), and blobs addressed in 16-byte blocks.

const DB_MAGIC = 0x506d7052; // "RpmP"
const SLOT_MAGIC = 0x746f6c53; // "Slot"
const BLOB_MAGIC = 0x53626c42; // "BlbS"
const PAGE = 4096;
const BLOCK = 16;
const MAX_SLOT_PAGES = 2048;

export class NdbError extends Error {}

export function isNdb(buf: Buffer): boolean {
  return buf.length >= 32 && buf.readUInt32LE(0) === DB_MAGIC;
}

export function readNdbBlobs(buf: Buffer, warn: (message: string) => void): Buffer[] {
  if (!isNdb(buf)) throw new NdbError('not an rpm NDB database (bad magic)');
  const version = buf.readUInt32LE(4);
  const slotPages = buf.readUInt32LE(12);
  if (version !== 0) throw new NdbError(`unsupported NDB version ${version}`);
  if (slotPages === 0 || slotPages > MAX_SLOT_PAGES) throw new NdbError(`implausible slot page count ${slotPages}`);
  const slotEnd = Math.min(slotPages * PAGE, buf.length - (buf.length % BLOCK));
  if (slotEnd < slotPages * PAGE) warn('database is truncated inside the slot pages');
  const blobs: Buffer[] = [];
  // the 32-byte db header takes the place of the first two slots
  for (let o = 32; o + 16 <= slotEnd; o += 16) {
    if (buf.readUInt32LE(o) !== SLOT_MAGIC) {
      warn(`slot at byte ${o} has a bad magic; stopping`);
      break;
    }
    const pkgIndex = buf.readUInt32LE(o + 4);
    if (pkgIndex === 0) continue;
    const start = buf.readUInt32LE(o + 8) * BLOCK;
    const blkCount = buf.readUInt32LE(o + 12);
    if (start + BLOCK > buf.length) {
      warn(`package ${pkgIndex}: blob offset outside the file`);
      continue;
    }
    if (buf.readUInt32LE(start) !== BLOB_MAGIC || buf.readUInt32LE(start + 4) !== pkgIndex) {
      warn(`package ${pkgIndex}: blob header does not match its slot`);
      continue;
    }
    const len = buf.readUInt32LE(start + 12);
    if (start + BLOCK + len > buf.length || len > blkCount * BLOCK) {
      warn(`package ${pkgIndex}: blob of ${len} bytes does not fit`);
      continue;
    }
    blobs.push(buf.subarray(start + BLOCK, start + BLOCK + len));
  }
  return blobs;
}
