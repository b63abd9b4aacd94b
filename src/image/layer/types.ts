// Plain-data results of reading one layer: cacheable per (diffID, analyser version), mergeable without the image.
import type { Package } from '../../sbom/model.js';
import type { Warning } from '../../errors.js';

export type FileKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface FileMeta {
  /** absolute, normalised ("/usr/bin/curl"); never contains ".." */
  path: string;
  kind: FileKind;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** symlink / hardlink target as stored */
  linkTarget?: string;
}

/** A file handed to a per-file parser during the walk. */
export interface FileInput {
  meta: FileMeta;
  content: Buffer;
  layerIndex: number;
  layerDiffId?: string;
  createdBy?: string;
}

export interface LayerAnalysis {
  index: number;
  diffId?: string;
  createdBy?: string;
  /** every entry of the layer except whiteout markers */
  files: FileMeta[];
  /** paths deleted by `.wh.<name>` markers in this layer */
  whiteouts: string[];
  /** directories whose lower content is hidden by `.wh..wh..opq` */
  opaqueDirs: string[];
  /** contents of files some post-merge cataloger asked for (small files only) */
  contents: Map<string, Buffer>;
  /** packages found by per-file parsers, by the path of the file they came from */
  parsed: Map<string, Package[]>;
  warnings: Warning[];
  /**
   * Why this analysis must not be reused for other images (layer caches key analyses by diffID): the content did
   * not hash to the diffID it was read under, or the layer was truncated and the analysis is partial.
   */
  uncacheable?: string;
}

/** Read access to the image's final filesystem after whiteouts are applied. */
export interface FileResolver {
  /** final metadata of a path (no symlink following) */
  stat(path: string): (FileMeta & { layerIndex: number }) | undefined;
  /** content of a wanted file, following symlinks (bounded); undefined if absent or not collected */
  read(path: string): Buffer | undefined;
  /** resolves symlinks in the path (bounded), returns the real path or undefined */
  realPath(path: string): string | undefined;
  /** every path in the final filesystem */
  files(): Iterable<FileMeta & { layerIndex: number }>;
  /** paths of the final filesystem whose content was read for a catalog() (what `read` can return, without scanning every file) */
  collected(): Iterable<string>;
  /** the layer a path comes from */
  layerOf(path: string): { index: number; diffId?: string; createdBy?: string } | undefined;
}
