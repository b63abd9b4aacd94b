// OSV bulk-export zips (`<Ecosystem>/all.zip`), read entry by entry: never loaded whole.
import { DrydockError } from '../../errors.js';
import type { ImportContext } from './context.js';
import { countZipEntries, readZipEntries, ZipFormatError } from './zip-reader.js';
import { defaultWorkers, importZipParallel, PARALLEL_MIN_ENTRIES } from './zip-parallel.js';
import { importOsvRecord } from './osv.js';

function invalidZip(path: string, why: string, cause?: unknown): DrydockError {
  return new DrydockError('INVALID_INPUT', `cannot read OSV zip ${path}: ${why}`, {
    cause,
    hint: 'the file is truncated or damaged; download it again (the existing database was not changed)',
  });
}

export interface ZipImportOptions {
  /** parse workers; 0 = in this thread (default: DRYDOCK_IMPORT_WORKERS, else one per core up to 4) */
  workers?: number;
  /** use workers only from this many entries on */
  minEntries?: number;
}

export async function importOsvZip(ctx: ImportContext, path: string, opts: ZipImportOptions = {}): Promise<number> {
  const workers = opts.workers ?? Number(process.env.DRYDOCK_IMPORT_WORKERS ?? defaultWorkers());
  let imported = 0;
  try {
    const count = countZipEntries(path);
    if (workers >= 1 && count >= (opts.minEntries ?? PARALLEL_MIN_ENTRIES)) return await importZipParallel(ctx, path, count, workers);
    readZipEntries(
      path,
      (name, data) => {
        let raw: unknown;
        try {
          raw = JSON.parse(data.toString('utf8'));
        } catch (e) {
          ctx.warn({ file: `${path}!${name}`, message: `skipped: invalid JSON (${(e as Error).message})` });
          return;
        }
        if (importOsvRecord(ctx, raw, `${path}!${name}`)) imported++;
      },
      (name) => /\.json$/i.test(name),
    );
  } catch (e) {
    if (e instanceof ZipFormatError || (e as { zip?: boolean }).zip || /^E[A-Z]+$/.test(String((e as NodeJS.ErrnoException).code))) throw invalidZip(path, (e as Error).message, e);
    throw e;
  }
  return imported;
}
