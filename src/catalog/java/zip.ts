// Minimal promise layer over yauzl for in-memory archives (no disk): it rejects entries whose data
// disagrees with the declared sizes, which is what bounds zip bombs here.
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
  dir: boolean;
  entry: Entry;
}

export function openZip(buf: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings:false so hostile names (../x, /abs) do not abort the whole archive; we judge them ourselves
    yauzl.fromBuffer(buf, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) reject(err ?? new Error('cannot open zip'));
      else resolve(zip);
    });
  });
}

/** Reads the central directory, at most `max` entries; `truncated` tells whether more were left. */
export function listEntries(zip: ZipFile, max: number): Promise<{ entries: ZipEntryInfo[]; truncated: boolean }> {
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
      // bit 11 = UTF-8; otherwise CP437, of which latin1 is a close-enough reading for ASCII-ish names
      const name = typeof raw === 'string' ? raw : raw.toString((e.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1');
      entries.push({
        name,
        compressedSize: e.compressedSize,
        uncompressedSize: e.uncompressedSize,
        encrypted: (e.generalPurposeBitFlag & 0x1) !== 0,
        dir: name.endsWith('/'),
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
  return name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || name.split(/[\\/]/).includes('..') || name.includes('\0');
}
