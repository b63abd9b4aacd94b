import type { Package, Distro } from '../sbom/model.js';
import type { FileInput, FileMeta, FileResolver } from '../image/layer/types.js';
import type { Warning } from '../errors.js';

export interface ParseContext {
  warn(w: Warning): void;
}

export interface CatalogContext extends ParseContext {
  distro?: Distro;
}

export interface CatalogResult {
  packages: Package[];
  /** OS package file lists: path -> owning package (for ownership of language packages) */
  ownedFiles?: Map<string, Package>;
}

/**
 * A cataloger is data plus parsers: which files it wants, and what it makes of them.
 * - parseFile runs during the single streaming walk, once per wanted file; its packages survive only if the file
 *   survives in the final filesystem. `content` is often a view of a decompressed chunk, or of the tar parser's
 *   reused body buffer, that is filled again once parseFile has returned (or its promise settled): nothing of it may
 *   be kept past that but copies (strings, own Buffers).
 * - catalog runs after the whiteout merge, with the wanted files of the final filesystem (kept in memory,
 *   so only for small files: package databases, release files).
 */
export interface Cataloger {
  name: string;
  /** decides during the walk whether to read this file; called for every regular file (but see `select`) */
  wants(meta: FileMeta): boolean;
  /**
   * A pre-filter for the walk: wants() is asked only about files whose base name is in `names`, whose extension
   * (from the last dot of the base name, lower-case, dot included) is in `extensions`, whose parent directory is in
   * `dirs` (absolute, no trailing slash), or, with `executables`, that have an execute bit or lie in a bin/ or sbin/
   * directory. Layers hold tens of thousands of files and most catalogers care about a few: without a filter
   * wants() sees every regular file.
   */
  select?: { names?: readonly string[]; extensions?: readonly string[]; dirs?: readonly string[]; executables?: boolean };
  /** bytes above which a wanted file is skipped with a warning (default 64 MiB) */
  maxFileSize?: number;
  parseFile?(file: FileInput, ctx: ParseContext): Promise<Package[]> | Package[];
  catalog?(fs: FileResolver, ctx: CatalogContext): Promise<CatalogResult> | CatalogResult;
}
