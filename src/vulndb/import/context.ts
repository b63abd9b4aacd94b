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
): ImportContext & { records: number; sources: Map<string, { kind: SourceInfo['kind']; origins: Set<string> }>; warnings: Warning[]; origin: string } {
  const ctx = {
    writer,
    records: 0,
    /** the path (or URL) being imported, recorded against each source seen */
    origin: '',
    sources: new Map<string, { kind: SourceInfo['kind']; origins: Set<string> }>(),
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
      const s = ctx.sources.get(name) ?? { kind, origins: new Set<string>() };
      s.origins.add(ctx.origin);
      ctx.sources.set(name, s);
    },
  };
  return ctx;
}
