// OSV bulk-export zips (`<Ecosystem>/all.zip`), read entry by entry: never loaded whole.
import yauzl from 'yauzl';
import { DrydockError } from '../../errors.js';
import type { ImportContext } from './context.js';
import { readZipEntries, ZipFormatError } from './zip-reader.js';
import { importOsvRecord } from './osv.js';

const MAX_ENTRY = 16 * 1024 * 1024;

function invalidZip(path: string, why: string, cause?: unknown): DrydockError {
  return new DrydockError('INVALID_INPUT', `cannot read OSV zip ${path}: ${why}`, {
    cause,
    hint: 'the file is truncated or damaged; download it again (the existing database was not changed)',
  });
}

/** Calls `onEntry` with each entry's bytes, in order, awaiting it before reading the next. */
export function forEachZipEntry(path: string, onEntry: (name: string, data: Buffer) => void | Promise<void>): Promise<number> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(invalidZip(path, err?.message ?? 'unknown error', err));
      let count = 0;
      let failed = false;
      const fail = (e: unknown) => {
        if (failed) return;
        failed = true;
        zip.close();
        reject(e instanceof DrydockError ? e : invalidZip(path, (e as Error).message, e));
      };
      zip.on('error', fail);
      zip.on('end', () => {
        if (!failed) resolve(count);
      });
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/') || !/\.(json|ya?ml)$/i.test(entry.fileName)) return zip.readEntry();
        if (entry.uncompressedSize > MAX_ENTRY) return fail(invalidZip(path, `entry ${entry.fileName} is larger than 16 MiB`));
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) return fail(invalidZip(path, `entry ${entry.fileName}: ${e2?.message}`, e2));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', (e3) => fail(invalidZip(path, `entry ${entry.fileName}: ${e3.message}`, e3)));
          stream.on('end', () => {
            Promise.resolve(onEntry(entry.fileName, Buffer.concat(chunks)))
              .then(() => {
                count++;
                zip.readEntry();
              })
              .catch(fail);
          });
        });
      });
      zip.readEntry();
    });
  });
}

export async function importOsvZip(ctx: ImportContext, path: string): Promise<number> {
  let imported = 0;
  try {
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
    if (e instanceof ZipFormatError || (e as NodeJS.ErrnoException).code) throw invalidZip(path, (e as Error).message, e);
    throw e;
  }
  return imported;
}
