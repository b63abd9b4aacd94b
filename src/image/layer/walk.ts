// One streaming pass over a layer: decompress, hash the tar, record every entry, read only wanted files.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Cataloger } from '../../catalog/types.js';
import { DrydockError, errorMessage, isDrydockError } from '../../errors.js';
import type { FileKind, FileMeta, LayerAnalysis } from './types.js';
import { decompressLayer } from './decompress.js';
import { recycleChunk } from './gunzip-worker.js';
import { TarParser, type TarHeader } from './tar-parser.js';
import { baseName, normalizeEntryPath, parentDir } from './paths.js';
import { LayerCollector, type LayerRef, type WalkOptions } from './collector.js';

export type { LayerRef, WalkOptions } from './collector.js';

const WH = '.wh.';
const OPQ = '.wh..wh..opq';

/**
 * Reads one layer blob (gzip, zstd or plain tar: sniffed) in a single pass.
 * - Wanted regular files are read (up to each cataloger's cap) and given to parseFile; nothing else is buffered.
 * - A truncated or corrupt stream yields what was read plus a warning; if not a single entry could be read
 *   the stream is not a layer and DrydockError INVALID_INPUT is thrown.
 * - Source errors that are DrydockErrors (e.g. DIGEST_MISMATCH of the blob) are rethrown unchanged:
 *   content that fails verification must not be reported as partial truth.
 * - The sha256 of the uncompressed tar is compared with `layer.diffId` (a warning when they differ), unless
 *   `opts.checkDiffId` is false (the blob was verified against its digest instead, see WalkOptions). Content that
 *   did not check out is first re-read verified with `opts.reverify`.
 */
export async function analyzeLayer(
  stream: Readable,
  layer: LayerRef,
  catalogers: Cataloger[],
  opts: WalkOptions = {},
): Promise<LayerAnalysis> {
  const col = new LayerCollector(layer, catalogers, opts);
  const label = `layer ${layer.index}${layer.diffId ? ` (${layer.diffId})` : ''}`;
  const pending = new Map<TarHeader, { meta: FileMeta; wanting: readonly Cataloger[] }>();
  // hardlinks are resolved at drain time, after the target (earlier in the same chunk) has been handled
  const linked: { meta: FileMeta; wanting: readonly Cataloger[]; target: string }[] = [];

  const parser = new TarParser((h) => {
    const path = normalizeEntryPath(h.name);
    if (path === undefined) {
      col.warn(`tar entry escapes the root, skipped: ${JSON.stringify(h.name)}`, h.name);
      return false;
    }
    if (path === '/') return false;
    const base = baseName(path);
    if (base.startsWith(WH)) {
      // Whiteouts are judged by the basename only (a regex over the whole path misfires).
      if (base === OPQ) col.opaqueDirs.push(parentDir(path));
      else if (base.length > WH.length) col.whiteouts.push(joinPath(parentDir(path), base.slice(WH.length)));
      return false;
    }
    const meta = toMeta(path, h);
    if (meta.kind === 'hardlink') return onHardlink(meta);
    if (col.meta(path) !== undefined) dropCompleted(path);
    col.addMeta(meta);
    if (meta.kind !== 'file') return false;
    const wanting = col.wanting(meta);
    if (wanting.length === 0) return false;
    if (h.sparse) {
      col.warn('sparse tar entry not read', path);
      return false;
    }
    pending.set(h, { meta, wanting });
    return true;
  }, undefined, { reuseBodies: true });

  function onHardlink(meta: FileMeta): boolean {
    const target = normalizeEntryPath(meta.linkTarget ?? '');
    if (target === undefined) {
      col.warn(`hardlink target escapes the root, skipped: ${JSON.stringify(meta.linkTarget)}`, meta.path);
      return false;
    }
    meta.linkTarget = target;
    const tm = col.meta(target);
    if (tm) meta.size = tm.size;
    if (col.meta(meta.path) !== undefined) dropCompleted(meta.path);
    col.addMeta(meta);
    if (!tm || tm.kind !== 'file') return false;
    const wanting = col.wanting({ ...meta, kind: 'file' });
    if (wanting.length === 0) return false;
    linked.push({ meta, wanting, target });
    return false;
  }

  const hash = opts.checkDiffId !== false && layer.diffId?.startsWith('sha256:') ? createHash('sha256') : undefined;
  let failure: unknown;
  try {
    const { stream: tar } = await decompressLayer(stream, { sizeHint: layer.size });
    for await (const chunk of tar as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw new DrydockError('LIMIT', `reading ${label} was aborted`, { cause: opts.signal.reason });
      hash?.update(chunk);
      parser.write(chunk);
      if (parser.completed.length > 0 || linked.length > 0) await drain();
      // nothing holds a view of this chunk now: the parser copies what spans chunks, the files read in it were parsed
      // (parsers keep no content) and kept contents were copied (collector ownBytes); the same holds the parser's
      // reused body buffers, drained above before the next write
      recycleChunk(chunk);
    }
  } catch (e) {
    if (isDrydockError(e) && e.code !== 'INVALID_INPUT') throw e;
    failure = e;
  } finally {
    stream.destroy();
  }
  await drain();

  const truncated = parser.end();
  const broken = failure !== undefined || truncated !== undefined;
  const got = !broken && hash ? 'sha256:' + hash.digest('hex') : undefined;
  const mismatch = got !== undefined && got !== layer.diffId;
  if ((broken || mismatch) && opts.reverify) await opts.reverify();
  if (broken) {
    const why = [failure !== undefined ? errorMessage(failure) : undefined, truncated].filter(Boolean).join('; ');
    if (parser.entries === 0) {
      throw new DrydockError('INVALID_INPUT', `${label} is not a readable tar archive: ${why}`, {
        cause: failure,
        hint: 'the layer blob is corrupt, truncated or not a (gzip/zstd) tar',
      });
    }
    col.warn(`${label} is truncated or corrupt, result is partial: ${why}`);
    return { ...col.result(), uncacheable: 'partial' };
  } else if (mismatch) {
    col.warn(`${label}: uncompressed content has digest ${got}, not the diffID`);
    // cached under the diffID, it would stand in for the real layer of that diffID in other images
    return { ...col.result(), uncacheable: 'diffID mismatch' };
  }
  return col.result();

  /**
   * A later entry replaces the file: an earlier entry of it that completed in this same chunk (or a hardlink not yet
   * resolved) must not be parsed after the replacement, or its packages would stand for whatever replaced it.
   */
  function dropCompleted(path: string): void {
    for (const c of parser.completed) if (pending.get(c.header)?.meta.path === path) pending.delete(c.header);
    for (let i = linked.length - 1; i >= 0; i--) if (linked[i].meta.path === path) linked.splice(i, 1);
  }

  async function drain(): Promise<void> {
    while (parser.completed.length > 0) {
      const { header, content } = parser.completed.shift()!;
      const p = pending.get(header);
      pending.delete(header);
      if (p) {
        const r = col.handle(p.meta, p.wanting, content);
        if (r) await r;
      }
    }
    while (linked.length > 0) {
      const l = linked.shift()!;
      const content = col.cachedContent(l.target);
      if (content) {
        const r = col.handle(l.meta, l.wanting, content);
        if (r) await r;
      } else if (!col.reuseForLink(l.meta, l.wanting, l.target)) col.warn(`hardlink to ${l.target}, whose content was not read`, l.meta.path);
    }
  }
}

function toMeta(path: string, h: TarHeader): FileMeta {
  const kind: FileKind = h.type;
  const meta: FileMeta = { path, kind, mode: h.mode, uid: h.uid, gid: h.gid, size: kind === 'file' ? h.realSize : 0 };
  if (kind === 'symlink' || kind === 'hardlink') meta.linkTarget = h.linkName;
  return meta;
}

function joinPath(dir: string, name: string): string {
  return dir === '/' ? '/' + name : dir + '/' + name;
}
