// Zipped eggs (setuptools' easy_install, `python setup.py install` before pip): site-packages/x-1.0-py3.8.egg is a zip
// whose EGG-INFO/PKG-INFO holds the distribution's metadata. Read in memory, with the Java cataloger's zip reader.
import { fastListEntries, readEntrySync } from '../java/zip.js';

const PKG_INFO = 'EGG-INFO/PKG-INFO';
/** metadata bigger than this is not metadata */
const MAX_PKG_INFO = 1024 * 1024;
/** records of the central directory looked at (an egg of a big library holds a few thousand files) */
const MAX_ENTRIES = 200_000;

/** EGG-INFO/PKG-INFO of a zipped egg as text; throws (with the reason) when the zip cannot be read or lacks it. */
export function eggPkgInfo(buf: Buffer): string {
  const listed = fastListEntries(buf, MAX_ENTRIES, { keep: (b, start, end) => end - start === PKG_INFO.length && b.toString('latin1', start, end) === PKG_INFO });
  if (!listed) throw new Error('not a readable zip archive (no usable central directory)');
  const entry = listed.entries[0];
  if (!entry) throw new Error(`no ${PKG_INFO} in the egg`);
  if (entry.encrypted) throw new Error(`${PKG_INFO} is encrypted`);
  if (entry.uncompressedSize > MAX_PKG_INFO) throw new Error(`${PKG_INFO} is ${entry.uncompressedSize} bytes, above the limit`);
  return readEntrySync(buf, entry).toString('utf8');
}
