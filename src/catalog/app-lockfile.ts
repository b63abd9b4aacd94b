// Lockfile/manifest catalogers for `drydock fs DIR`: one parser per file name, run as parseFile.
import type { Cataloger } from './types.js';
import type { FileMeta } from '../image/layer/types.js';
import type { Location, Package } from '../sbom/model.js';
import { baseName, locationOf } from './app-common.js';
import { rawTables, tomlString } from './toml-tables.js';

export type LockfileParser = (text: string, loc: Location, warn: (message: string) => void) => Package[];

export interface LockfileSpec {
  name: string;
  /** exact base names, or a test on the base name together with the extensions it can match (the walk's pre-filter) */
  files: string[] | { test: (base: string) => boolean; extensions: string[] };
  parse: LockfileParser;
  maxFileSize?: number;
}

// vendored copies of dependencies are not the project's own lockfiles
const VENDORED_RE = /\/(node_modules|vendor|\.git)\//;

export function lockfileCataloger(spec: LockfileSpec): Cataloger {
  const files = spec.files;
  const match = Array.isArray(files) ? (b: string) => files.includes(b) : files.test;
  return {
    name: spec.name,
    maxFileSize: spec.maxFileSize ?? 32 * 1024 * 1024,
    wants: (meta: FileMeta) => meta.kind === 'file' && match(baseName(meta.path)) && !VENDORED_RE.test(meta.path),
    select: Array.isArray(files) ? { names: files } : { extensions: files.extensions },
    parseFile: (file, ctx) =>
      spec.parse(file.content.toString('utf8').replace(/^\uFEFF/, ''), locationOf(file), (message) =>
        ctx.warn({ file: file.meta.path, ...(file.layerDiffId ? { layer: file.layerDiffId } : {}), message }),
      ),
  };
}

/**
 * The `[[package]]` tables of a TOML lockfile (Cargo.lock, poetry.lock) as flat string maps: only string values are
 * kept; enough for name/version/source.
 */
export function tomlPackageTables(text: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  for (const t of rawTables(text)) {
    if (t.header !== '[[package]]') continue;
    const rec: Record<string, string> = {};
    for (const [k, raw] of t.values) {
      const v = tomlString(raw);
      if (v !== undefined) rec[k] = v;
    }
    out.push(rec);
  }
  return out;
}
