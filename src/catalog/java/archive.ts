// Walks one Java archive in memory, recursing into nested archives (WEB-INF/lib, BOOT-INF/lib, jar in war in ear)
// within a depth limit, an entry-count limit and a budget of inflated bytes shared by the whole top-level archive.
//
// Location paths of nested archives join the outer path and the entry name with ":" at every level:
//   /app/x.ear:lib/y.war:WEB-INF/lib/z.jar
// The part before the first ":" is the file in the image (ownership and whiteouts use it).
import type { Location, Package } from '../../sbom/model.js';
import type { Warning } from '../../errors.js';
import { errorMessage } from '../../errors.js';
import { openZip, listEntries, readZipEntry, isUnsafeEntryName, fastListEntries, readEntrySync } from './zip.js';
import { parseManifestMain } from './manifest.js';
import { parsePomProperties, POM_PROPERTIES_RE, type PomProperties } from './pom-properties.js';
import { JAVA_ARCHIVE_RE } from './filename.js';
import { packagesOfArchive } from './identity.js';
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

/** Packages of a Java archive given as bytes; `base` is the archive's own Location. */
export async function scanJavaArchive(
  content: Buffer,
  base: Location,
  warn: (w: Warning) => void,
  limits: JavaLimits = DEFAULT_JAVA_LIMITS,
): Promise<Package[]> {
  const state: WalkState = { inflated: 0, limits, base, warn, out: [] };
  await walk(content, base.path, 0, state);
  return state.out;
}

async function walk(buf: Buffer, path: string, depth: number, st: WalkState): Promise<void> {
  const file = st.base.path.split(NESTED_PATH_SEPARATOR)[0];
  const warn = (message: string): void =>
    st.warn({ file, ...(st.base.layerDiffId ? { layer: st.base.layerDiffId } : {}), message: `${path}: ${message}` });
  // in-memory fast path; yauzl only when the central directory is unusual (zip64, inconsistent offsets)
  const fast = fastListEntries(buf, st.limits.maxEntries);
  let zip: Awaited<ReturnType<typeof openZip>> | undefined;
  if (!fast) {
    try {
      zip = await openZip(buf);
    } catch (e) {
      warn(`not a readable zip archive (${errorMessage(e)})`);
      return;
    }
  }
  try {
    const { entries, truncated } = fast ?? (await listEntries(zip!, st.limits.maxEntries));
    if (truncated) warn(`more than ${st.limits.maxEntries} entries; the rest were ignored`);
    let manifest: Map<string, string> | undefined;
    const poms: PomProperties[] = [];
    const nested: typeof entries = [];
    let unsafe = 0;
    // in-memory archives are read synchronously (no promise per entry); yauzl-opened ones asynchronously
    const take = (e: (typeof entries)[number], cap: number): Buffer | undefined | Promise<Buffer | undefined> => {
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
    for (const e of entries) {
      if (e.dir) continue;
      if (isUnsafeEntryName(e.name)) {
        unsafe++;
        continue;
      }
      if (e.name === 'META-INF/MANIFEST.MF' && !manifest) {
        const r = take(e, st.limits.maxSmallEntry);
        const b = r instanceof Promise ? await r : r;
        if (b) manifest = parseManifestMain(b.toString('utf8'));
      } else if (e.name.endsWith('/pom.properties') && POM_PROPERTIES_RE.test(e.name)) {
        const r = take(e, st.limits.maxSmallEntry);
        const b = r instanceof Promise ? await r : r;
        const p = b && parsePomProperties(b.toString('utf8'), e.name);
        if (p) poms.push(p);
      } else if (e.name.charCodeAt(e.name.length - 4) === 0x2e && JAVA_ARCHIVE_RE.test(e.name)) {
        // (every archive extension has three letters: the dot test skips the regex for class files)
        nested.push(e);
      }
    }
    if (unsafe > 0) warn(`${unsafe} entries with unsafe names (absolute or "..") ignored`);
    const loc: Location = { ...st.base, path };
    const fileName = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf(NESTED_PATH_SEPARATOR)) + 1);
    const own = packagesOfArchive({ fileName, path, manifest, poms }, loc);
    st.out.push(...own, ...tomcatFromArchive(path, own));
    if (nested.length > 0 && depth + 1 > st.limits.maxDepth) {
      warn(`nesting deeper than ${st.limits.maxDepth} levels; ${nested.length} inner archives not opened`);
      return;
    }
    for (const e of nested) {
      const b = await take(e, st.limits.maxInflatedBytes);
      if (b) await walk(b, `${path}${NESTED_PATH_SEPARATOR}${e.name}`, depth + 1, st);
    }
  } catch (e) {
    warn(`damaged archive (${errorMessage(e)})`);
  } finally {
    zip?.close();
  }
}
