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
 * - parseFile runs during the single streaming walk, once per wanted file (content is freed right after);
 *   its packages survive only if the file survives in the final filesystem.
 * - catalog runs after the whiteout merge, with the wanted files of the final filesystem (kept in memory,
 *   so only for small files: package databases, release files).
 */
export interface Cataloger {
  name: string;
  /** decides during the walk whether to read this file; called for every regular file */
  wants(meta: FileMeta): boolean;
  /** bytes above which a wanted file is skipped with a warning (default 64 MiB) */
  maxFileSize?: number;
  parseFile?(file: FileInput, ctx: ParseContext): Promise<Package[]> | Package[];
  catalog?(fs: FileResolver, ctx: CatalogContext): Promise<CatalogResult> | CatalogResult;
}
