// The pure whiteout merge: layer analyses in, the image's final filesystem out. No I/O.
import type { Package } from '../../sbom/model.js';
import type { Warning } from '../../errors.js';
import type { FileMeta, FileResolver, LayerAnalysis } from './types.js';
import { normalizeEntryPath, parentDir, resolveLinkTarget } from './paths.js';
import { appendAll } from '../../collections.js';

export interface MergedFilesystem extends FileResolver {
  /** packages from per-file parsers whose file survives, from the layer it was parsed in */
  packages(): Package[];
  warnings: Warning[];
}

type Entry = FileMeta & { layerIndex: number };
const MAX_HOPS = 40;
/** Linux's PATH_MAX: no path the kernel resolves is longer */
const PATH_MAX = 4096;
/**
 * Path components looked at by one resolution, all hops together: a real one takes a few dozen. Stricter than the
 * kernel only for chains of many deep links (40 of 2,000 components each would pass there), which no image needs.
 */
const STEP_BUDGET = 8192;

/**
 * A file of a layer as an entry of the merged tree, built field by field: a spread copy of every meta (tens of
 * thousands per image, of two shapes) took most of the merge, ~45 ms against ~8 for 40k files. The fields and
 * their order are the same as the spread's (FileMeta's, linkTarget only on links, then layerIndex).
 */
function entryOf(m: FileMeta, layerIndex: number): Entry {
  return m.linkTarget === undefined
    ? { path: m.path, kind: m.kind, mode: m.mode, uid: m.uid, gid: m.gid, size: m.size, layerIndex }
    : { path: m.path, kind: m.kind, mode: m.mode, uid: m.uid, gid: m.gid, size: m.size, linkTarget: m.linkTarget, layerIndex };
}

/**
 * Applies layers bottom-up like overlayfs: in each layer, opaque dirs and whiteouts first hide lower
 * content, then the layer's own entries are added (a non-directory replacing a directory hides its children).
 */
export function mergeLayers(layers: LayerAnalysis[]): MergedFilesystem {
  const entries = new Map<string, Entry>();
  const origin = new Map<string, number>(); // path -> position in `layers`
  const children = new Map<string, Set<string>>();

  // Tars often omit parent directories: every path is indexed under its parent anyway, so that
  // subtree removal finds everything below a whiteout.
  const link = (path: string): void => {
    let p = path;
    while (p !== '/') {
      const parent = parentDir(p);
      let set = children.get(parent);
      const existed = set !== undefined;
      if (!set) children.set(parent, (set = new Set()));
      set.add(p);
      if (existed) return;
      p = parent;
    }
  };
  // with a stack of its own, not recursion: a tar entry name can be a megabyte deep ("a/a/a/…"), and one whiteout
  // over it overflowed the call stack. `todo` holds paths whose entries go; the children of each go after it.
  const removeAll = (todo: string[]): void => {
    while (todo.length > 0) {
      const p = todo.pop()!;
      entries.delete(p);
      origin.delete(p);
      const set = children.get(p);
      if (!set) continue;
      children.delete(p);
      for (const c of set) todo.push(c);
    }
  };
  const removeChildren = (dir: string): void => {
    const set = children.get(dir);
    if (!set) return;
    children.delete(dir);
    removeAll([...set]);
  };
  const removeTree = (root: string): void => {
    children.get(parentDir(root))?.delete(root);
    removeAll([root]);
  };

  layers.forEach((layer, pos) => {
    for (const d of layer.opaqueDirs) removeChildren(d);
    for (const w of layer.whiteouts) removeTree(w);
    for (const meta of layer.files) {
      // a non-directory replaces a whole (possibly implicit) directory
      if (meta.kind !== 'dir') removeChildren(meta.path);
      entries.set(meta.path, entryOf(meta, layer.index));
      origin.set(meta.path, pos);
      link(meta.path);
    }
  });

  const norm = (p: string): string | undefined => normalizeEntryPath(p);

  const realPath = (p: string): string | undefined => {
    const start = norm(p);
    if (start === undefined) return undefined;
    let parts = start === '/' ? [] : start.slice(1).split('/');
    let cur = '/';
    let hops = 0;
    let steps = 0;
    for (let i = 0; i < parts.length; i++) {
      const next = cur === '/' ? '/' + parts[i] : cur + '/' + parts[i];
      // as the kernel: no path longer than PATH_MAX (ENAMETOOLONG). Each step looks the whole path up, so a symlink to
      // a megabyte-deep target made one resolution quadratic (minutes); STEP_BUDGET bounds the 40 hops together.
      if (next.length > PATH_MAX || ++steps > STEP_BUDGET) return undefined;
      const e = entries.get(next);
      const last = i === parts.length - 1;
      if (!e) {
        if (last) return undefined;
        // an intermediate directory that the tar did not list: accept it only if something lives below it
        if (!children.has(next)) return undefined;
        cur = next;
        continue;
      }
      if (e.kind !== 'symlink') {
        if (!last && e.kind !== 'dir') return undefined;
        cur = next;
        continue;
      }
      if (++hops > MAX_HOPS) return undefined;
      const target = resolveLinkTarget(next, e.linkTarget ?? '');
      parts = [...(target === '/' ? [] : target.slice(1).split('/')), ...parts.slice(i + 1)];
      cur = '/';
      i = -1;
    }
    return cur;
  };

  const contentOf = (p: string, depth = 0): Buffer | undefined => {
    const pos = origin.get(p);
    if (pos === undefined) return undefined;
    const c = layers[pos].contents.get(p);
    if (c) return c;
    const e = entries.get(p);
    if (e?.kind === 'hardlink' && e.linkTarget && depth < MAX_HOPS) {
      const t = norm(e.linkTarget);
      return t ? contentOf(t, depth + 1) : undefined;
    }
    return undefined;
  };

  return {
    stat: (p) => {
      const n = norm(p);
      return n === undefined ? undefined : entries.get(n);
    },
    read: (p) => {
      const r = realPath(p);
      return r === undefined ? undefined : contentOf(r);
    },
    realPath,
    files: () => entries.values(),
    collected: function* () {
      for (let pos = 0; pos < layers.length; pos++) for (const p of layers[pos].contents.keys()) if (origin.get(p) === pos) yield p;
    },
    layerOf: (p) => {
      const n = norm(p);
      const pos = n === undefined ? undefined : origin.get(n);
      if (pos === undefined) return undefined;
      const l = layers[pos];
      return { index: l.index, ...(l.diffId !== undefined && { diffId: l.diffId }), ...(l.createdBy !== undefined && { createdBy: l.createdBy }) };
    },
    packages: () => {
      const out: Package[] = [];
      layers.forEach((layer, pos) => {
        for (const [path, pkgs] of layer.parsed) if (origin.get(path) === pos) appendAll(out, pkgs);
      });
      return out;
    },
    warnings: layers.flatMap((l) => l.warnings),
  };
}
