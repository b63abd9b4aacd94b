// Walks one Java archive in memory, recursing into nested archives (WEB-INF/lib, BOOT-INF/lib, jar in war in ear)
// within a depth limit, an entry-count limit and a budget of inflated bytes shared by the whole top-level archive.
//
// Location paths of nested archives join the outer path and the entry name with ":" at every level:
//   /app/x.ear:lib/y.war:WEB-INF/lib/z.jar
// The part before the first ":" is the file in the image (ownership and whiteouts use it).
import type { Location, Package } from '../../sbom/model.js';
import type { ParseContext } from '../types.js';
import { errorMessage } from '../../errors.js';
import type { ZipFile } from 'yauzl';
import { openZip, listEntries, readZipEntry, isUnsafeEntryName, fastListEntries, readEntrySync, type RawNameFilter } from './zip.js';
import { parseManifestMain } from './manifest.js';
import { parsePomProperties, POM_PROPERTIES_RE, type PomProperties } from './pom-properties.js';
import { JAVA_ARCHIVE_EXTENSIONS, JAVA_ARCHIVE_RE } from './filename.js';
import { needsManifest, packagesOfArchive } from './identity.js';
import { tomcatFromArchive } from './tomcat.js';
import { NESTED_PATH_SEPARATOR } from './nested-path.js';

export { NESTED_PATH_SEPARATOR, outerFile, isNestedPath } from './nested-path.js';

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
  sink: ParseContext;
  out: Package[];
}

/**
 * Packages of a Java archive given as bytes; `base` is the archive's own Location. Synchronous (no promise) unless
 * some archive in it needs yauzl's listing (zip64, odd offsets): thousands of jars then cost no microtasks.
 */
export function scanJavaArchive(content: Buffer, base: Location, sink: ParseContext, limits: JavaLimits = DEFAULT_JAVA_LIMITS): Package[] | Promise<Package[]> {
  const st: WalkState = { inflated: 0, limits, base, sink, out: [] };
  const r = walk(content, base.path, 0, st);
  return r ? r.then(() => st.out) : st.out;
}

type ListedEntries = NonNullable<ReturnType<typeof fastListEntries>>['entries'];
type Entry = ListedEntries[number];

// The walk runs once per jar, thousands of times per image: it is written with a class and plain functions rather
// than closures made per archive (each closure costs a name definition in builds that keep names).

/** One archive level: its warnings, and reading entries within the encryption, size and budget limits. */
class Level {
  /** the archive's own file name (last path segment, nested or not) */
  readonly fileName: string;

  constructor(
    readonly buf: Buffer,
    readonly path: string,
    readonly depth: number,
    readonly st: WalkState,
    /** set when yauzl lists the archive (entries are then read asynchronously) */
    readonly zip?: ZipFile,
  ) {
    // a top-level file's name may hold a ':'; a nested one is the entry's name after the last separator
    this.fileName = path.slice(Math.max(path.lastIndexOf('/'), depth > 0 ? path.lastIndexOf(NESTED_PATH_SEPARATOR) : -1) + 1);
  }

  /** Warnings name the file in the image; a nested archive's path inside it prefixes the message. */
  warn(message: string): void {
    const { base, sink } = this.st;
    // the file is named once: reporters print "file: message"
    const inner = this.path.length > base.path.length ? this.path.slice(base.path.length + 1) : '';
    sink.warn({ file: base.path, ...(base.layerDiffId ? { layer: base.layerDiffId } : {}), message: inner ? `${inner}: ${message}` : message });
  }

  /** False (after a warning) when the entry must not be read. */
  private admit(e: Entry, cap: number): boolean {
    const st = this.st;
    if (e.encrypted) this.warn(`${e.name}: encrypted entry skipped`);
    else if (e.uncompressedSize > cap) this.warn(`${e.name}: ${e.uncompressedSize} bytes is above the limit, skipped`);
    else if (st.inflated + e.uncompressedSize > st.limits.maxInflatedBytes) this.warn(`${e.name}: inflated-bytes budget of ${st.limits.maxInflatedBytes} exhausted, skipped`);
    else {
      st.inflated += e.uncompressedSize;
      return true;
    }
    return false;
  }

  takeSync(e: Entry, cap: number): Buffer | undefined {
    if (!this.admit(e, cap)) return undefined;
    try {
      return readEntrySync(this.buf, e);
    } catch (err) {
      this.warn(`${e.name}: ${errorMessage(err)}`);
      return undefined;
    }
  }

  async take(e: Entry, cap: number): Promise<Buffer | undefined> {
    if (!this.admit(e, cap)) return undefined;
    try {
      return this.zip ? await readZipEntry(this.zip, e.entry) : readEntrySync(this.buf, e);
    } catch (err) {
      this.warn(`${e.name}: ${errorMessage(err)}`);
      return undefined;
    }
  }
}

interface Classified {
  manifest?: Entry;
  poms: Entry[];
  nested: Entry[];
  unsafe: number;
}

/** The entries one level acts on; the rest (class files, resources) is never read. */
function classify(entries: ListedEntries): Classified {
  const out: Classified = { poms: [], nested: [], unsafe: 0 };
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

/** Whether the manifest is worth reading: only when no pom.properties names the archive itself (most jars are not inflated twice). */
function wantsManifest(lv: Level, c: Classified, poms: PomProperties[]): boolean {
  return c.manifest !== undefined && needsManifest(lv.fileName, poms);
}

/** Reports this level's packages; returns the nested archives to open (none beyond the depth limit). */
function report(lv: Level, c: Classified, poms: PomProperties[], manifestText: string | undefined): Entry[] {
  const { st, path } = lv;
  if (c.unsafe > 0) lv.warn(`${c.unsafe} entries with unsafe names (absolute or "..") ignored`);
  const manifest = manifestText === undefined ? undefined : parseManifestMain(manifestText);
  const own = packagesOfArchive({ fileName: lv.fileName, path, manifest, poms }, { ...st.base, path });
  for (const p of own) st.out.push(p);
  for (const p of tomcatFromArchive(path, own)) st.out.push(p);
  if (c.nested.length > 0 && lv.depth + 1 > st.limits.maxDepth) {
    lv.warn(`nesting deeper than ${st.limits.maxDepth} levels; ${c.nested.length} inner archives not opened`);
    return [];
  }
  return c.nested;
}

function walk(buf: Buffer, path: string, depth: number, st: WalkState): void | Promise<void> {
  // in-memory fast path; yauzl only when the central directory is unusual (zip64, inconsistent offsets)
  const fast = fastListEntries(buf, st.limits.maxEntries, new JavaNameFilter());
  if (!fast) return walkWithYauzl(buf, path, depth, st);
  const lv = new Level(buf, path, depth, st);
  try {
    if (fast.truncated) lv.warn(`more than ${st.limits.maxEntries} entries; the rest were ignored`);
    const c = classify(fast.entries);
    const poms: PomProperties[] = [];
    for (const e of c.poms) {
      const b = lv.takeSync(e, st.limits.maxSmallEntry);
      const p = b && parsePomProperties(b.toString('utf8'), e.name);
      if (p) poms.push(p);
    }
    const text = wantsManifest(lv, c, poms) ? lv.takeSync(c.manifest!, st.limits.maxSmallEntry)?.toString('utf8') : undefined;
    return walkNested(lv, report(lv, c, poms, text), 0);
  } catch (e) {
    lv.warn(`damaged archive (${errorMessage(e)})`);
  }
}

/** Opens the nested archives from index i on; asynchronous only from the first one that needs yauzl. */
function walkNested(lv: Level, nested: Entry[], i: number): void | Promise<void> {
  for (; i < nested.length; i++) {
    const b = lv.takeSync(nested[i], lv.st.limits.maxInflatedBytes);
    const r = b && walk(b, `${lv.path}${NESTED_PATH_SEPARATOR}${nested[i].name}`, lv.depth + 1, lv.st);
    if (r) return r.then(walkNested.bind(undefined, lv, nested, i + 1));
  }
}

async function walkWithYauzl(buf: Buffer, path: string, depth: number, st: WalkState): Promise<void> {
  let zip: ZipFile;
  try {
    zip = await openZip(buf);
  } catch (e) {
    new Level(buf, path, depth, st).warn(`not a readable zip archive (${errorMessage(e)})`);
    return;
  }
  const lv = new Level(buf, path, depth, st, zip);
  try {
    const { entries, truncated } = await listEntries(zip, st.limits.maxEntries);
    if (truncated) lv.warn(`more than ${st.limits.maxEntries} entries; the rest were ignored`);
    const c = classify(entries);
    const poms: PomProperties[] = [];
    for (const e of c.poms) {
      const b = await lv.take(e, st.limits.maxSmallEntry);
      const p = b && parsePomProperties(b.toString('utf8'), e.name);
      if (p) poms.push(p);
    }
    const text = wantsManifest(lv, c, poms) ? (await lv.take(c.manifest!, st.limits.maxSmallEntry))?.toString('utf8') : undefined;
    for (const e of report(lv, c, poms, text)) {
      const b = await lv.take(e, st.limits.maxInflatedBytes);
      if (b) await walk(b, `${path}${NESTED_PATH_SEPARATOR}${e.name}`, depth + 1, st);
    }
  } catch (e) {
    lv.warn(`damaged archive (${errorMessage(e)})`);
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
  return new JavaNameFilter();
}

class JavaNameFilter implements RawNameFilter {
  private dotDot = false;

  begin(b: Buffer, cdStart: number, cdEnd: number): void {
    const at = b.indexOf(DOT_DOT, cdStart);
    this.dotDot = at >= 0 && at < cdEnd;
  }

  keep(b: Buffer, start: number, end: number): boolean {
    const n = end - start;
    if (n === 0 || b[end - 1] === 0x2f) return false; // directory
    if (b[start] === 0x2f || b[start] === 0x5c || (n > 1 && b[start + 1] === 0x3a)) return true;
    if (this.dotDot) for (let i = start; i + 1 < end; i++) if (b[i] === 0x2e && b[i + 1] === 0x2e) return true;
    if (n === MANIFEST_NAME.length && endsWith(b, start, end, MANIFEST_NAME)) return true;
    if (endsWith(b, start, end, POM_SUFFIX)) return true;
    return n >= 5 && b[end - 4] === 0x2e && ARCHIVE_EXTS.has(((b[end - 3] | 0x20) << 16) | ((b[end - 2] | 0x20) << 8) | (b[end - 1] | 0x20));
  }
}
