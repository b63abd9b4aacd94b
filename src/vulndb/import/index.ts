// `drydock db import <path…>`: classify each path (zip, directory, JSON/YAML file, CSV) and stream it into a writer.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DrydockError } from '../../errors.js';
import type { Warning } from '../../errors.js';
import type { VulnStoreWriter } from '../writer.js';
import type { SourceInfo } from '../types.js';
import { makeImportContext, type ImportContext } from './context.js';
import { importOsvRecord } from './osv.js';
import { importOsvZip } from './zip.js';
import { importSecdb, looksLikeSecdb } from './alpine-secdb.js';
import { importKev, looksLikeKev, KEV_SOURCE } from './kev.js';
import { importEpss, EPSS_SOURCE } from './epss.js';

export interface ImportSummary {
  records: number;
  kev: number;
  epss: number;
  warnings: Warning[];
  sources: string[];
}

export interface ImportOptions {
  warn?: (w: Warning) => void;
  onProgress?: (records: number) => void;
  /** recorded in the source rows (db update passes the URL it fetched) */
  url?: string;
  lastModifiedHeader?: string;
}

interface Extra {
  kev: number;
  kevReleased?: string;
  epss: number;
  epssDate?: string;
}

function parseDoc(path: string, text: string): unknown {
  try {
    // logLevel 'error': a document's warnings would otherwise go to process.emitWarning (stderr, past --quiet)
    return /\.ya?ml$/i.test(path) ? parseYaml(text, { logLevel: 'error' }) : JSON.parse(text);
  } catch (e) {
    throw new DrydockError('INVALID_INPUT', `cannot parse ${path}: ${(e as Error).message}`, { cause: e });
  }
}

function importDocument(ctx: ImportContext, path: string, doc: unknown, extra: Extra): void {
  if (looksLikeKev(doc)) {
    const r = importKev(ctx, doc, path);
    extra.kev += r.count;
    extra.kevReleased = r.released;
  } else if (looksLikeSecdb(doc)) {
    importSecdb(ctx, doc, path);
  } else if (Array.isArray(doc)) {
    doc.forEach((d, i) => importOsvRecord(ctx, d, `${path}[${i}]`));
  } else {
    importOsvRecord(ctx, doc, path);
  }
}

async function importOne(ctx: ImportContext, path: string, extra: Extra, inDir = false): Promise<void> {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new DrydockError('NOT_FOUND', `no such file or directory: ${path}`, { cause: e });
  }
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name.startsWith('.')) continue;
      await importOne(ctx, join(path, name), extra, true);
    }
    return;
  }
  if (/\.zip$/i.test(path)) return void (await importOsvZip(ctx, path));
  if (/\.csv(\.gz)?$/i.test(path)) {
    const r = await importEpss(ctx, path);
    extra.epss += r.count;
    extra.epssDate = r.scoreDate;
    return;
  }
  if (/\.(json|ya?ml)$/i.test(path)) {
    // inside a directory a broken file is one bad record; named on the command line it is an error
    let doc: unknown;
    try {
      doc = parseDoc(path, readFileSync(path, 'utf8'));
    } catch (e) {
      if (!inDir) throw e;
      ctx.warn({ file: path, message: `skipped: ${(e as Error).message}` });
      return;
    }
    return importDocument(ctx, path, doc, extra);
  }
  if (!inDir) throw new DrydockError('USAGE', `don't know how to import ${path}`, { hint: 'expected an OSV .json/.yaml file or directory, an OSV .zip, an Alpine secdb file, the KEV JSON or an EPSS .csv[.gz]' });
}

/** Import every path into the writer (not committed: the caller commits or aborts). */
export async function importPaths(writer: VulnStoreWriter, paths: string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const ctx = makeImportContext(writer, opts);
  const extra: Extra = { kev: 0, epss: 0 };
  for (const p of paths) {
    ctx.origin = opts.url ?? p;
    await importOne(ctx, p, extra);
  }
  for (const [name, { kind, origins }] of ctx.sources) {
    const info: Omit<SourceInfo, 'records'> & { records?: number } = { name, kind, url: [...origins].join(', '), lastModifiedHeader: opts.lastModifiedHeader };
    if (name === KEV_SOURCE) Object.assign(info, { records: extra.kev, modifiedAt: extra.kevReleased });
    if (name === EPSS_SOURCE) Object.assign(info, { records: extra.epss, modifiedAt: extra.epssDate });
    writer.setSource(info);
  }
  return { records: ctx.records, kev: extra.kev, epss: extra.epss, warnings: ctx.warnings, sources: [...ctx.sources.keys()] };
}
