// Read side of the SQLite vulnerability database, with clear errors for missing, corrupt or foreign files.
import Database from 'better-sqlite3';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { DrydockError } from '../errors.js';
import { SCHEMA_VERSION } from './schema.js';
import { decodeBlob } from './codec.js';
import type { AffectedEntry, AffectedHit, KevEntry, SourceInfo, StoreCounts, StoreMetadata, VulnRecord, VulnStore } from './types.js';

export const NO_DB_HINT = 'run `drydock db update`, or `drydock db import <osv.zip|dir>` offline';

function corrupt(path: string, why: string, cause?: unknown): DrydockError {
  return new DrydockError('DB', `vulnerability database ${path} is corrupt or incomplete: ${why}`, {
    cause,
    hint: `delete it and rebuild: ${NO_DB_HINT}`,
  });
}

/** Cheap structural check of the SQLite header: catches foreign and half-written (truncated) files before SQLite does. */
export function checkSqliteHeader(path: string): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new DrydockError('DB', `no vulnerability database at ${path}`, { cause: e, hint: NO_DB_HINT });
  }
  if (size < 100) throw corrupt(path, `file is only ${size} bytes`);
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') throw corrupt(path, 'not an SQLite database');
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  // the in-header page count is valid only when the change counter matches "version-valid-for"
  if (header.readUInt32BE(24) === header.readUInt32BE(92) && pages > 0 && size < pages * pageSize) {
    throw corrupt(path, `file is truncated (${size} of ${pages * pageSize} bytes)`);
  }
}

export interface OpenStoreOptions {
  readonly?: boolean;
}

export function openVulnStore(path: string, opts: OpenStoreOptions = {}): VulnStore {
  checkSqliteHeader(path);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: opts.readonly ?? true, fileMustExist: true });
  } catch (e) {
    throw corrupt(path, 'cannot be opened', e);
  }
  try {
    // Databases are only ever replaced whole (built in a temp file, renamed over), never written in place, so a
    // reader may keep its shared lock for the connection's life. In the default mode every statement takes and drops
    // the lock and checks for a hot journal and a changed file: ~10 µs of system calls, more than the lookup itself.
    if (opts.readonly ?? true) db.pragma('locking_mode = EXCLUSIVE');
    // Pages read through a memory map rather than a system call each: a scan's lookups touch pages all over the file,
    // more than the default 2 MB page cache keeps (800 random record reads: 27 -> 9 ms). Safe because a database is
    // never truncated or written in place while open (see above).
    if (opts.readonly ?? true) db.pragma('mmap_size = 1073741824');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) {
      throw new DrydockError('DB', `vulnerability database ${path} has schema version ${version}, this drydock needs ${SCHEMA_VERSION}`, {
        hint: `rebuild it: ${NO_DB_HINT}`,
      });
    }
    const built = db.prepare("SELECT value FROM meta WHERE key = 'built_at'").get() as { value: string } | undefined;
    if (!built) throw corrupt(path, 'it was never completed (no build time)');
    return new SqliteVulnStore(db, path);
  } catch (e) {
    db.close();
    if (e instanceof DrydockError) throw e;
    throw corrupt(path, (e as Error).message, e);
  }
}

/** names per statement in affectedMany: bounds the JSON text and the rows held at once */
const AFFECTED_BATCH = 2000;
const SURROGATE = /[\uD800-\uDFFF]/;

interface VulnRow {
  rowid: number;
  id: string;
  source: string;
  modified: string | null;
  data: Buffer;
}

export class SqliteVulnStore implements VulnStore {
  private readonly q;
  constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {
    this.q = {
      eco: db.prepare('SELECT id FROM ecosystems WHERE name = ?').pluck(),
      affected: db.prepare('SELECT vuln, data FROM affected WHERE eco = ? AND name = ?'),
      // CROSS JOIN keeps the name list outside: one primary-key search per name, never a scan of the ecosystem
      affectedMany: db.prepare('SELECT a.name, a.vuln, a.data FROM json_each(?) j CROSS JOIN affected a WHERE a.eco = ? AND a.name = j.value'),
      vuln: db.prepare('SELECT rowid, id, source, modified, data FROM vulns WHERE rowid = ?'),
      alias: db.prepare('SELECT vuln FROM aliases WHERE alias = ?').pluck(),
      epss: db.prepare('SELECT score, percentile FROM epss WHERE cve = ?'),
    };
  }

  private ecoIds = new Map<string, number | undefined>();

  metadata(): StoreMetadata {
    const meta = new Map((this.db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    const sources = (this.db.prepare('SELECT * FROM sources ORDER BY name').all() as Record<string, string | number | null>[]).map(
      (r): SourceInfo => ({
        name: String(r.name),
        kind: r.kind as SourceInfo['kind'],
        url: (r.url as string | null) ?? undefined,
        fetchedAt: (r.fetched_at as string | null) ?? undefined,
        modifiedAt: (r.modified_at as string | null) ?? undefined,
        lastModifiedHeader: (r.last_modified_header as string | null) ?? undefined,
        records: Number(r.records),
      }),
    );
    return { schemaVersion: SCHEMA_VERSION, builtAt: meta.get('built_at'), example: meta.get('example') === 'true', sources };
  }

  counts(): StoreCounts {
    const n = (t: string) => (this.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number) ?? 0;
    return { vulns: n('vulns'), affected: n('affected'), kev: n('kev'), epss: n('epss') };
  }

  private ecoId(ecosystem: string): number | undefined {
    if (!this.ecoIds.has(ecosystem)) this.ecoIds.set(ecosystem, this.q.eco.get(ecosystem) as number | undefined);
    return this.ecoIds.get(ecosystem);
  }

  affected(ecosystem: string, name: string): AffectedHit[] {
    const eco = this.ecoId(ecosystem);
    if (eco === undefined) return [];
    return (this.q.affected.all(eco, name) as { vuln: number; data: string }[]).map((r) => ({
      vuln: r.vuln,
      entries: JSON.parse(r.data) as AffectedEntry[],
    }));
  }

  /**
   * One statement for a whole list of names: a statement per name costs a call into better-sqlite3 and a read of
   * the first page each (~2 µs with the lock held); the search per name stays in SQLite.
   */
  affectedMany(ecosystem: string, names: Iterable<string>): Map<string, AffectedHit[]> {
    const out = new Map<string, AffectedHit[]>();
    const eco = this.ecoId(ecosystem);
    if (eco === undefined) return out;
    const list: string[] = [];
    for (const n of new Set(names)) {
      // a lone surrogate would not reach SQLite through JSON as it does as a bound string: such names go alone
      if (!SURROGATE.test(n)) list.push(n);
      else {
        const hits = this.affected(ecosystem, n);
        if (hits.length) out.set(n, hits);
      }
    }
    for (let i = 0; i < list.length; i += AFFECTED_BATCH) {
      const rows = this.q.affectedMany.all(JSON.stringify(list.slice(i, i + AFFECTED_BATCH)), eco) as { name: string; vuln: number; data: string }[];
      for (const r of rows) {
        const hit = { vuln: r.vuln, entries: JSON.parse(r.data) as AffectedEntry[] };
        const at = out.get(r.name);
        if (at) at.push(hit);
        else out.set(r.name, [hit]);
      }
    }
    return out;
  }

  vuln(rowid: number): VulnRecord & { rowid: number } {
    const r = this.q.vuln.get(rowid) as VulnRow | undefined;
    if (!r) throw new DrydockError('DB', `advisory row ${rowid} is missing from ${this.path}`);
    const blob = decodeBlob(r.data);
    return { ...blob, rowid: r.rowid, id: r.id, source: r.source, modified: r.modified ?? undefined, affected: [] };
  }

  byAlias(id: string): number[] {
    return this.q.alias.all(id) as number[];
  }

  // the KEV catalog is small (~1.5k rows): held in memory after the first lookup
  private kevMap?: Map<string, KevEntry>;
  private hasEpss?: boolean;

  kev(cve: string): KevEntry | undefined {
    if (!this.kevMap) {
      this.kevMap = new Map();
      for (const r of this.db.prepare('SELECT cve, date_added, due_date, ransomware, name FROM kev').all() as {
        cve: string;
        date_added: string;
        due_date: string | null;
        ransomware: number;
        name: string | null;
      }[]) {
        this.kevMap.set(r.cve, { cve: r.cve, dateAdded: r.date_added, dueDate: r.due_date ?? undefined, knownRansomware: r.ransomware === 1, name: r.name ?? undefined });
      }
    }
    return this.kevMap.get(cve);
  }

  epss(cve: string): { score: number; percentile: number } | undefined {
    this.hasEpss ??= this.db.prepare('SELECT EXISTS (SELECT 1 FROM epss)').pluck().get() === 1;
    if (!this.hasEpss) return undefined;
    return this.q.epss.get(cve) as { score: number; percentile: number } | undefined;
  }

  close(): void {
    this.db.close();
  }
}
