// The walk over a root filesystem directory: same output as analyzeLayer, one pseudo-layer.
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import type { Cataloger } from '../../catalog/types.js';
import { DrydockError, errorMessage } from '../../errors.js';
import type { FileKind, FileMeta, LayerAnalysis } from './types.js';
import { LayerCollector, type LayerRef, type WalkOptions } from './collector.js';

export interface DirectoryOptions extends WalkOptions {
  /** stop after this many entries (default 2,000,000) */
  maxEntries?: number;
  /** pseudo-layer identity (default index 0) */
  layer?: LayerRef;
}

const MAX_DEPTH = 256;

/**
 * Walks `root` with lstat only: symlinks are recorded, never followed; other mounted filesystems
 * (e.g. /proc under a live root) are not entered. Unreadable entries become warnings.
 */
export async function analyzeDirectory(root: string, catalogers: Cataloger[], opts: DirectoryOptions = {}): Promise<LayerAnalysis> {
  let rootStat: Stats;
  try {
    rootStat = await lstat(root);
  } catch (e) {
    throw new DrydockError('NOT_FOUND', `root filesystem directory ${root} cannot be read`, { cause: e });
  }
  if (!rootStat.isDirectory()) throw new DrydockError('INVALID_INPUT', `${root} is not a directory`);
  const col = new LayerCollector(opts.layer ?? { index: 0 }, catalogers, opts);
  const maxEntries = opts.maxEntries ?? 2_000_000;
  let count = 0;
  // Depth-first with an explicit stack: no recursion limit, bounded by maxEntries.
  const stack: { rel: string; depth: number }[] = [{ rel: '', depth: 0 }];
  while (stack.length > 0) {
    const { rel, depth } = stack.pop()!;
    let names: string[];
    try {
      names = await readdir(join(root, rel));
    } catch (e) {
      col.warn(`cannot list directory: ${errorMessage(e)}`, rel || '/');
      continue;
    }
    names.sort();
    for (const name of names) {
      if (opts.signal?.aborted) throw new DrydockError('LIMIT', `walking ${root} was aborted`, { cause: opts.signal.reason });
      if (++count > maxEntries) {
        col.warn(`stopped after ${maxEntries} entries; the result is partial`, root);
        return col.result();
      }
      const childRel = rel + '/' + name;
      const abs = join(root, childRel);
      let st: Stats;
      try {
        st = await lstat(abs);
      } catch (e) {
        col.warn(`cannot stat: ${errorMessage(e)}`, childRel);
        continue;
      }
      const meta = await toMeta(childRel, abs, st);
      col.addMeta(meta);
      if (meta.kind === 'dir') {
        if (st.dev !== rootStat.dev) continue;
        if (depth + 1 > MAX_DEPTH) col.warn(`directory nesting deeper than ${MAX_DEPTH}, not entered`, childRel);
        else stack.push({ rel: childRel, depth: depth + 1 });
        continue;
      }
      if (meta.kind !== 'file') continue;
      const wanting = col.wanting(meta);
      if (wanting.length === 0) continue;
      const content = await readBounded(abs, meta.size).catch((e: unknown) => {
        col.warn(`cannot read: ${errorMessage(e)}`, childRel);
        return undefined;
      });
      if (content) await col.handle(meta, wanting, content);
    }
  }
  return col.result();
}

async function toMeta(path: string, abs: string, st: Stats): Promise<FileMeta> {
  const kind: FileKind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
  const meta: FileMeta = { path, kind, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: kind === 'file' ? st.size : 0 };
  if (kind === 'symlink') meta.linkTarget = await readlink(abs).catch(() => '');
  return meta;
}

/** Reads at most `size` bytes (the lstat size): a file that grows meanwhile cannot blow the cap. */
async function readBounded(abs: string, size: number): Promise<Buffer> {
  const fh = await open(abs, 'r');
  try {
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const { bytesRead } = await fh.read(buf, off, size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return off === size ? buf : buf.subarray(0, off);
  } finally {
    await fh.close();
  }
}
