import type { Warning } from '../../errors.js';
import type { VulnStoreWriter } from '../writer.js';
import type { SourceInfo } from '../types.js';

/** What importers write into and report to. */
export interface ImportContext {
  writer: VulnStoreWriter;
  warn(w: Warning): void;
  /** called once per stored record (for progress and rate figures) */
  progress(): void;
  /** a record of this source was stored; the CLI records source rows from this at the end */
  seenSource(name: string, kind: SourceInfo['kind']): void;
}

export function makeImportContext(
  writer: VulnStoreWriter,
  opts: { warn?: (w: Warning) => void; onProgress?: (records: number) => void } = {},
): ImportContext & { records: number; sources: Map<string, SourceInfo['kind']>; warnings: Warning[] } {
  const ctx = {
    writer,
    records: 0,
    sources: new Map<string, SourceInfo['kind']>(),
    warnings: [] as Warning[],
    warn(w: Warning) {
      ctx.warnings.push(w);
      opts.warn?.(w);
    },
    progress() {
      ctx.records++;
      if (opts.onProgress && ctx.records % 5000 === 0) opts.onProgress(ctx.records);
    },
    seenSource(name: string, kind: SourceInfo['kind']) {
      ctx.sources.set(name, kind);
    },
  };
  return ctx;
}
