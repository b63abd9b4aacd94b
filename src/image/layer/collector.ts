// What analyzeLayer and analyzeDirectory share: deciding which files to read, running per-file parsers,
// and building the plain-data LayerAnalysis.
import type { Cataloger, ParseContext } from '../../catalog/types.js';
import type { Package } from '../../sbom/model.js';
import { errorMessage, type Warning } from '../../errors.js';
import type { FileMeta, LayerAnalysis } from './types.js';
import { LinkArena } from './link-arena.js';
import { isExecutable } from './paths.js';
import { isRecyclable } from './gunzip-worker.js';
import { isReusedBody } from './tar-parser.js';

export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;
/** bytes of already-read contents kept so hardlinks later in the layer can reuse them */
const HARDLINK_ARENA_BYTES = 8 * 1024 * 1024;
/** files up to this size keep their bytes for hardlinks; larger ones keep their packages */
const LINK_COPY_MAX = 8 * 1024;
const LINK_RESULTS_MAX = 8192;

export interface LayerRef {
  index: number;
  diffId?: string;
  createdBy?: string;
  /** size of the (compressed) blob, when known */
  size?: number;
}

export interface WalkOptions {
  warn?: (w: Warning) => void;
  /** default cap for catalogers that set none (default 64 MiB) */
  maxFileSize?: number;
  signal?: AbortSignal;
  /**
   * false: the uncompressed content is not hashed against `layer.diffId`. For callers that verified the compressed
   * blob against its digest while it was read: that proves the same (the bytes are the ones the manifest names) over
   * fewer bytes, and a second hash of every byte would only check the config's diff_ids list. Default true.
   */
  checkDiffId?: boolean;
  /**
   * Called when the content did not check out (unreadable, truncated, or not the diffID) before any result is given:
   * a decompression error can stop the read before the blob's digest check at its end, so the caller re-reads the
   * blob verified and throws DIGEST_MISMATCH when it is not what the manifest names (then no partial result is given).
   */
  reverify?: () => Promise<void>;
}

/** what nearly every file gets from wanting(): shared, never added to */
const NONE: readonly Cataloger[] = Object.freeze([]);

export class LayerCollector {
  private readonly metas = new Map<string, FileMeta>();
  readonly whiteouts: string[] = [];
  readonly opaqueDirs: string[] = [];
  private readonly contents = new Map<string, Buffer>();
  private readonly parsed = new Map<string, Package[]>();
  private readonly warnings: Warning[] = [];
  private readonly linkBytes = new LinkArena(HARDLINK_ARENA_BYTES);
  private readonly linkResults = new Map<string, { wanting: readonly Cataloger[]; pkgs: Package[] }>();

  private readonly selection: Selection;

  constructor(
    readonly layer: LayerRef,
    private readonly catalogers: Cataloger[],
    private readonly opts: WalkOptions = {},
  ) {
    this.selection = new Selection(catalogers);
  }

  warn(message: string, file?: string): void {
    const w: Warning = { message, ...(file !== undefined && { file }), ...(this.layer.diffId && { layer: this.layer.diffId }) };
    this.warnings.push(w);
    this.opts.warn?.(w);
  }

  /** Records an entry; a later entry with the same path replaces the earlier one. */
  addMeta(meta: FileMeta): void {
    // nearly every path is new: one lookup instead of five
    if (this.metas.has(meta.path)) this.forget(meta.path);
    this.metas.set(meta.path, meta);
  }

  private forget(path: string): void {
    this.metas.delete(path);
    this.contents.delete(path);
    this.parsed.delete(path);
    // a hardlink names the latest entry of a path: what an earlier entry left for links is stale
    this.linkBytes.delete(path);
    this.linkResults.delete(path);
  }

  meta(path: string): FileMeta | undefined {
    return this.metas.get(path);
  }

  /** Catalogers that want this file and accept its size; warns for those whose cap it exceeds. */
  wanting(meta: FileMeta): readonly Cataloger[] {
    const mask = this.selection.candidates(meta);
    if (mask === 0 && this.catalogers.length <= MAX_SELECTED_CATALOGERS) return NONE;
    let out: Cataloger[] | undefined;
    for (let i = 0; i < this.catalogers.length; i++) {
      // past the mask's bits, a cataloger is asked about every file
      if (i < MAX_SELECTED_CATALOGERS && (mask & (1 << i)) === 0) continue;
      const c = this.catalogers[i];
      let wants = false;
      try {
        wants = c.wants(meta);
      } catch (e) {
        this.warn(`${c.name}: wants() failed: ${errorMessage(e)}`, meta.path);
      }
      if (!wants) continue;
      const cap = c.maxFileSize ?? this.opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
      if (meta.size > cap) this.warn(`${c.name}: skipped, ${meta.size} bytes is above the ${cap}-byte limit`, meta.path);
      else if (out === undefined) out = [c];
      else out.push(c);
    }
    return out ?? NONE;
  }

  cachedContent(path: string): Buffer | undefined {
    return this.linkBytes.get(path) ?? this.contents.get(path);
  }

  /**
   * Runs per-file parsers over a read file and keeps its content for post-merge catalogers. Synchronous as long
   * as every parser returns its packages directly (no promise, no microtask per file); a parser returning a
   * promise makes the rest of this file's handling asynchronous, in the same order.
   */
  handle(meta: FileMeta, wanting: readonly Cataloger[], content: Buffer): void | Promise<void> {
    const pkgs: Package[] = [];
    let keep = false;
    for (let i = 0; i < wanting.length; i++) {
      const c = wanting[i];
      if (c.catalog) keep = true;
      if (!c.parseFile) continue;
      const found = this.parse(c, meta, content);
      if (isPromise(found)) return this.handleRest(meta, wanting, content, pkgs, keep, i, found);
      if (found) this.addFound(c, found, pkgs, meta);
    }
    this.finish(meta, wanting, content, pkgs, keep);
  }

  private async handleRest(
    meta: FileMeta,
    wanting: readonly Cataloger[],
    content: Buffer,
    pkgs: Package[],
    keep: boolean,
    at: number,
    pending: Promise<Package[]>,
  ): Promise<void> {
    for (let i = at; i < wanting.length; i++) {
      const c = wanting[i];
      if (c.catalog) keep = true;
      if (!c.parseFile) continue;
      const r = i === at ? pending : this.parse(c, meta, content);
      let found: Package[] | undefined;
      try {
        found = await r;
      } catch (e) {
        this.warn(`${c.name}: ${errorMessage(e)}`, meta.path);
      }
      if (found) this.addFound(c, found, pkgs, meta);
    }
    this.finish(meta, wanting, content, pkgs, keep);
  }

  /** parseFile's result; a synchronous throw is warned here (undefined), a rejection by the caller. */
  private parse(c: Cataloger, meta: FileMeta, content: Buffer): Package[] | Promise<Package[]> | undefined {
    const { index, diffId, createdBy } = this.layer;
    try {
      return c.parseFile!({ meta, content, layerIndex: index, layerDiffId: diffId, createdBy }, new FileWarn(this, meta.path));
    } catch (e) {
      this.warn(`${c.name}: ${errorMessage(e)}`, meta.path);
      return undefined;
    }
  }

  private addFound(c: Cataloger, found: Package[], pkgs: Package[], meta: FileMeta): void {
    try {
      for (const p of found) pkgs.push(fillLocation(p, meta.path, this.layer));
    } catch (e) {
      this.warn(`${c.name}: ${errorMessage(e)}`, meta.path);
    }
  }

  private finish(meta: FileMeta, wanting: readonly Cataloger[], content: Buffer, pkgs: Package[], keep: boolean): void {
    if (pkgs.length > 0) this.parsed.set(meta.path, pkgs);
    // content may be a view into a larger decompressed chunk: what outlives this file gets its own bytes
    if (keep) {
      this.contents.set(meta.path, ownBytes(content));
      return; // a hardlink finds it in `contents`
    }
    // Hardlinks to this file, later in the layer: small files keep their bytes (copied into one ring, so that no
    // chunk is pinned and nothing is allocated per file); large ones (jars, binaries) keep their results. Holding
    // views of files made the chunks behind them survive into the old generation, and each one then cost a full GC.
    if (content.length <= LINK_COPY_MAX) this.linkBytes.put(meta.path, content);
    else {
      this.linkResults.delete(meta.path);
      this.linkResults.set(meta.path, { wanting, pkgs });
      if (this.linkResults.size > LINK_RESULTS_MAX) this.linkResults.delete(this.linkResults.keys().next().value!);
    }
  }

  /**
   * A hardlink to a large file whose bytes are gone: when the same catalogers read the target, its packages are the
   * link's too, located at the link's path. False when that cannot be said (the caller warns).
   */
  reuseForLink(meta: FileMeta, wanting: readonly Cataloger[], target: string): boolean {
    const r = this.linkResults.get(target);
    if (!r || r.wanting.length !== wanting.length || !wanting.every((c) => r.wanting.includes(c))) return false;
    const pkgs = r.pkgs.map((p) => relocate(p, target, meta.path));
    if (pkgs.length > 0) this.parsed.set(meta.path, pkgs);
    return true;
  }

  result(): LayerAnalysis {
    const { index, diffId, createdBy } = this.layer;
    this.linkBytes.clear();
    this.linkResults.clear();
    return {
      index,
      ...(diffId !== undefined && { diffId }),
      ...(createdBy !== undefined && { createdBy }),
      files: [...this.metas.values()],
      whiteouts: this.whiteouts,
      opaqueDirs: this.opaqueDirs,
      contents: this.contents,
      parsed: this.parsed,
      warnings: this.warnings,
    };
  }
}

/** A parser's context for one file: a class, not a closure per file (closures cost a name definition each in builds that keep names). */
class FileWarn implements ParseContext {
  constructor(
    private readonly col: LayerCollector,
    private readonly path: string,
  ) {}

  warn(w: Warning): void {
    this.col.warn(w.message, w.file ?? this.path);
  }
}

/**
 * Catalogers the walk's pre-filter tells apart: one bit each of a 32-bit mask (the sign bit left alone). The ones past
 * this many (the inventory appends its own last) are asked about every file: correct, only without the shortcut.
 */
export const MAX_SELECTED_CATALOGERS = 31;

/** Which catalogers' wants() to ask about a file, as a bit mask over the cataloger list (their `select` hints). */
class Selection {
  private readonly always: number;
  private readonly executables: number;
  private readonly byName = new Map<string, number>();
  private readonly byExt = new Map<string, number>();
  private readonly byDir = new Map<string, number>();

  constructor(catalogers: Cataloger[]) {
    let always = 0;
    let executables = 0;
    const add = (m: Map<string, number>, k: string, bit: number): void => void m.set(k, (m.get(k) ?? 0) | bit);
    catalogers.forEach((c, i) => {
      // more catalogers than bits: wanting() asks the rest about every file
      if (i >= MAX_SELECTED_CATALOGERS) return;
      if (!c.select) return void (always |= 1 << i);
      const bit = 1 << i;
      for (const n of c.select.names ?? []) add(this.byName, n, bit);
      for (const x of c.select.extensions ?? []) add(this.byExt, x.toLowerCase(), bit);
      for (const d of c.select.dirs ?? []) add(this.byDir, d, bit);
      if (c.select.executables) executables |= bit;
    });
    this.always = always;
    this.executables = executables;
  }

  candidates(meta: FileMeta): number {
    const path = meta.path;
    const slash = path.lastIndexOf('/');
    const base = path.slice(slash + 1);
    let mask = this.always | (this.byName.get(base) ?? 0);
    const dot = base.lastIndexOf('.');
    if (dot >= 0 && this.byExt.size > 0) mask |= this.byExt.get(base.slice(dot).toLowerCase()) ?? 0;
    if (this.byDir.size > 0) mask |= this.byDir.get(slash > 0 ? path.slice(0, slash) : '/') ?? 0;
    if (this.executables !== 0 && isExecutable(meta)) mask |= this.executables;
    return mask;
  }
}

/** A copy of a package found at `from`, located at `to` (nested archive paths "from:inner" follow). */
function relocate(p: Package, from: string, to: string): Package {
  const locations = p.locations.map((l) =>
    l.path === from ? { ...l, path: to } : l.path.startsWith(from + ':') ? { ...l, path: to + l.path.slice(from.length) } : { ...l },
  );
  return { ...p, locations };
}

function ownBytes(b: Buffer): Buffer {
  // a view of a decompressed chunk the walk gives back for reuse (gunzip-worker.ts), or of the tar parser's reused
  // body buffer, would be overwritten
  return b.byteLength * 2 < b.buffer.byteLength || isRecyclable(b) || isReusedBody(b) ? Buffer.from(b) : b;
}

function isPromise<T>(v: T | Promise<T> | undefined): v is Promise<T> {
  return typeof (v as { then?: unknown } | undefined)?.then === 'function';
}

function fillLocation(p: Package, path: string, layer: LayerRef): Package {
  if (!Array.isArray(p.locations) || p.locations.length === 0) {
    p.locations = [{ path }];
  }
  for (const loc of p.locations) {
    if (!loc.path) loc.path = path;
    if (loc.layerIndex === undefined) loc.layerIndex = layer.index;
    if (loc.layerDiffId === undefined && layer.diffId !== undefined) loc.layerDiffId = layer.diffId;
    if (loc.createdBy === undefined && layer.createdBy !== undefined) loc.createdBy = layer.createdBy;
  }
  return p;
}
