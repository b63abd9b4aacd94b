// Walks one Java archive in memory, recursing into nested archives (WEB-INF/lib, BOOT-INF/lib, jar in war in ear)
// within a depth limit, an entry-count limit and a budget of inflated bytes shared by the whole top-level archive.
//
// Location paths of nested archives join the outer path and the entry name with ":" at every level:
//   /app/x.ear:lib/y.war:WEB-INF/lib/z.jar
// The part before the first ":" is the file in the image (ownership and whiteouts use it).
import type { Location, Package } from '../../sbom/model.js';
import type { Warning } from '../../errors.js';
import { errorMessage } from '../../errors.js';
import type { ZipFile } from 'yauzl';
import { openZip, listEntries, readZipEntry, isUnsafeEntryName, fastListEntries, readEntrySync, type RawNameFilter } from './zip.js';
import { parseManifestMain } from './manifest.js';
import { parsePomProperties, POM_PROPERTIES_RE, type PomProperties } from './pom-properties.js';
import { JAVA_ARCHIVE_EXTENSIONS, JAVA_ARCHIVE_RE } from './filename.js';
import { needsManifest, packagesOfArchive } from './identity.js';
import { tomcatFromArchive } from './tomcat.js';

export const NESTED_PATH_SEPARATOR = ':';

export interface JavaLimits {
  /** archives nested deeper than this are not opened (the top-level archive is depth 0) */
  maxDepth: number;
  /** bytes inflated for one top-level archive, all nesting levels together */
  maxInflatedBytes: number;
  /** entries read from one archive's central directory */
  maxEntries: number;
  /** size of a single pom.properties / MANIFEST.MF worth reading */
  maxSmallEntry: number;
}

export const DEFAULT_JAVA_LIMITS: JavaLimits = {
  maxDepth: 4,
  maxInflatedBytes: 512 * 1024 * 1024,
  maxEntries: 200_000,
  maxSmallEntry: 1024 * 1024,
};

interface WalkState {
  inflated: number;
  limits: JavaLimits;
  base: Location;
  warn(w: Warning): void;
  out: Package[];
}

/**
 * Packages of a Java archive given as bytes; `base` is the archive's own Location. Synchronous (no promise) unless
 * some archive in it needs yauzl's listing (zip64, odd offsets): thousands of jars then cost no microtasks.
 */
export function scanJavaArchive(
  content: Buffer,
  base: Location,
  warn: (w: Warning) => void,
  limits: JavaLimits = DEFAULT_JAVA_LIMITS,
): Package[] | Promise<Package[]> {
  const state: WalkState = { inflated: 0, limits, base, warn, out: [] };
  const r = walk(content, base.path, 0, state);
  return r ? r.then(() => state.out) : state.out;
}

type ListedEntries = NonNullable<ReturnType<typeof fastListEntries>>['entries'];
type Entry = ListedEntries[number];
type Taken = Buffer | undefined | Promise<Buffer | undefined>;

/** What one archive level needs: its warn, and a reader that enforces encryption, size and budget limits. */
function level(buf: Buffer, path: string, st: WalkState, zip?: ZipFile) {
  const warn = archiveWarn(path, st);
  // in-memory archives are read synchronously; yauzl-opened ones asynchronously
  const take = (e: Entry, cap: number): Taken => {
    if (e.encrypted) return void warn(`${e.name}: encrypted entry skipped`);
    if (e.uncompressedSize > cap) return void warn(`${e.name}: ${e.uncompressedSize} bytes is above the limit, skipped`);
    if (st.inflated + e.uncompressedSize > st.limits.maxInflatedBytes) {
      return void warn(`${e.name}: inflated-bytes budget of ${st.limits.maxInflatedBytes} exhausted, skipped`);
    }
    st.inflated += e.uncompressedSize;
    if (zip) return readZipEntry(zip, e.entry).catch((err: unknown) => void warn(`${e.name}: ${errorMessage(err)}`));
    try {
      return readEntrySync(buf, e);
    } catch (err) {
      return void warn(`${e.name}: ${errorMessage(err)}`);
    }
  };
  return { warn, take };
}

/** Warnings about one archive level name the file in the image and prefix the nested path. */
function archiveWarn(path: string, st: WalkState): (message: string) => void {
  const file = st.base.path.split(NESTED_PATH_SEPARATOR)[0];
  return (message) => st.warn({ file, ...(st.base.layerDiffId ? { layer: st.base.layerDiffId } : {}), message: `${path}: ${message}` });
}

/** The entries one level acts on; the rest (class files, resources) is never read. */
function classify(entries: ListedEntries): { manifest?: Entry; poms: Entry[]; nested: Entry[]; unsafe: number } {
  const out: { manifest?: Entry; poms: Entry[]; nested: Entry[]; unsafe: number } = { poms: [], nested: [], unsafe: 0 };
  for (const e of entries) {
    if (e.dir) continue;
    if (isUnsafeEntryName(e.name)) out.unsafe++;
    else if (e.name === 'META-INF/MANIFEST.MF') out.manifest ??= e;
    else if (e.name.endsWith('/pom.properties') && POM_PROPERTIES_RE.test(e.name)) out.poms.push(e);
    // (every archive extension has three letters: the dot test skips the regex for most names)
    else if (e.name.charCodeAt(e.name.length - 4) === 0x2e && JAVA_ARCHIVE_RE.test(e.name)) out.nested.push(e);
  }
  return out;
}

/** Reports this level's packages; returns the nested archives to open (none beyond the depth limit). */
function report(path: string, depth: number, st: WalkState, warn: (m: string) => void, c: ReturnType<typeof classify>, poms: PomProperties[], manifestText: () => string | undefined | Promise<string | undefined>): Entry[] | Promise<Entry[]> {
  const fileName = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf(NESTED_PATH_SEPARATOR)) + 1);
  // the manifest only matters when no pom.properties names the archive itself: most jars are not inflated twice
  const text = c.manifest && needsManifest(fileName, poms) ? manifestText() : undefined;
  const finish = (t: string | undefined): Entry[] => {
    if (c.unsafe > 0) warn(`${c.unsafe} entries with unsafe names (absolute or "..") ignored`);
    const manifest = t === undefined ? undefined : parseManifestMain(t);
    const own = packagesOfArchive({ fileName, path, manifest, poms }, { ...st.base, path });
    st.out.push(...own, ...tomcatFromArchive(path, own));
    if (c.nested.length > 0 && depth + 1 > st.limits.maxDepth) {
      warn(`nesting deeper than ${st.limits.maxDepth} levels; ${c.nested.length} inner archives not opened`);
      return [];
    }
    return c.nested;
  };
  return text instanceof Promise ? text.then(finish) : finish(text);
}

function walk(buf: Buffer, path: string, depth: number, st: WalkState): void | Promise<void> {
  // in-memory fast path; yauzl only when the central directory is unusual (zip64, inconsistent offsets)
  const fast = fastListEntries(buf, st.limits.maxEntries, javaNameFilter());
  if (!fast) return walkWithYauzl(buf, path, depth, st);
  const { warn, take } = level(buf, path, st);
  try {
    if (fast.truncated) warn(`more than ${st.limits.maxEntries} entries; the rest were ignored`);
    const c = classify(fast.entries);
    const poms: PomProperties[] = [];
    for (const e of c.poms) {
      const b = take(e, st.limits.maxSmallEntry) as Buffer | undefined;
      const p = b && parsePomProperties(b.toString('utf8'), e.name);
      if (p) poms.push(p);
    }
    const nested = report(path, depth, st, warn, c, poms, () => (take(c.manifest!, st.limits.maxSmallEntry) as Buffer | undefined)?.toString('utf8')) as Entry[];
    const inner = (i: number): void | Promise<void> => {
      for (; i < nested.length; i++) {
        const b = take(nested[i], st.limits.maxInflatedBytes) as Buffer | undefined;
        const r = b && walk(b, `${path}${NESTED_PATH_SEPARATOR}${nested[i].name}`, depth + 1, st);
        if (r) {
          const next = i + 1;
          return r.then(() => inner(next));
        }
      }
    };
    return inner(0);
  } catch (e) {
    warn(`damaged archive (${errorMessage(e)})`);
  }
}

async function walkWithYauzl(buf: Buffer, path: string, depth: number, st: WalkState): Promise<void> {
  let zip: ZipFile;
  try {
    zip = await openZip(buf);
  } catch (e) {
    archiveWarn(path, st)(`not a readable zip archive (${errorMessage(e)})`);
    return;
  }
  const { warn, take } = level(buf, path, st, zip);
  try {
    const { entries, truncated } = await listEntries(zip, st.limits.maxEntries);
    if (truncated) warn(`more than ${st.limits.maxEntries} entries; the rest were ignored`);
    const c = classify(entries);
    const poms: PomProperties[] = [];
    for (const e of c.poms) {
      const b = await take(e, st.limits.maxSmallEntry);
      const p = b && parsePomProperties(b.toString('utf8'), e.name);
      if (p) poms.push(p);
    }
    const nested = await report(path, depth, st, warn, c, poms, async () => (await take(c.manifest!, st.limits.maxSmallEntry))?.toString('utf8'));
    for (const e of nested) {
      const b = await take(e, st.limits.maxInflatedBytes);
      if (b) await walk(b, `${path}${NESTED_PATH_SEPARATOR}${e.name}`, depth + 1, st);
    }
  } catch (e) {
    warn(`damaged archive (${errorMessage(e)})`);
  } finally {
    zip.close();
  }
}

const MANIFEST_NAME = Buffer.from('META-INF/MANIFEST.MF');
const DOT_DOT = Buffer.from('..');
const POM_SUFFIX = Buffer.from('/pom.properties');
/** the three letters of JAVA_ARCHIVE_RE's extensions, lower-cased and packed into a number */
const ARCHIVE_EXTS = new Set(JAVA_ARCHIVE_EXTENSIONS.map((x) => (x.charCodeAt(0) << 16) | (x.charCodeAt(1) << 8) | x.charCodeAt(2)));

function endsWith(b: Buffer, start: number, end: number, suffix: Buffer): boolean {
  if (end - start < suffix.length) return false;
  for (let i = 1; i <= suffix.length; i++) if (b[end - i] !== suffix[suffix.length - i]) return false;
  return true;
}

/**
 * Central-directory names the walk looks at: the manifest, pom.properties, nested archives, and names that might be
 * zip-slip ("/…", "\\…", "C:…", a ".." segment: counted for the warning). Class files and resources, nearly every
 * record, are passed over unread. ".." is looked for once in the whole directory (one native search) and name by
 * name only when it occurs; a NUL is caught when the name is otherwise relevant (then decoded and judged exactly).
 */
export function javaNameFilter(): RawNameFilter {
  let dotDot = false;
  return {
    begin(b, cdStart, cdEnd) {
      const at = b.indexOf(DOT_DOT, cdStart);
      dotDot = at >= 0 && at < cdEnd;
    },
    keep(b, start, end) {
      const n = end - start;
      if (n === 0 || b[end - 1] === 0x2f) return false; // directory
      if (b[start] === 0x2f || b[start] === 0x5c || (n > 1 && b[start + 1] === 0x3a)) return true;
      if (dotDot) for (let i = start; i + 1 < end; i++) if (b[i] === 0x2e && b[i + 1] === 0x2e) return true;
      if (n === MANIFEST_NAME.length && endsWith(b, start, end, MANIFEST_NAME)) return true;
      if (endsWith(b, start, end, POM_SUFFIX)) return true;
      return n >= 5 && b[end - 4] === 0x2e && ARCHIVE_EXTS.has(((b[end - 3] | 0x20) << 16) | ((b[end - 2] | 0x20) << 8) | (b[end - 1] | 0x20));
    },
  };
}
