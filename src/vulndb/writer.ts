// Write side: every build goes to `<path>.tmp-<pid>` and is renamed over the database only when complete,
// so an interrupted or failed import/update leaves the previous database intact and usable.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DrydockError } from '../errors.js';
import { DDL, SCHEMA_VERSION } from './schema.js';
import { openVulnStore } from './store.js';
import { encodeBlob } from './codec.js';
import { canonicalEcosystem, normalizeName } from './ecosystem.js';
import type { AffectedEntry, KevEntry, SourceInfo, VulnRecord } from './types.js';

export interface WriterOptions {
  /** start from an empty database instead of a copy of the existing one (db update) */
  fresh?: boolean;
  /** mark the database as the bundled example snapshot */
  example?: boolean;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Leftovers of builds whose process died (kill -9, power loss). */
function removeStaleTemps(path: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.tmp-`;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(prefix)) continue;
    const pid = Number(n.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !pidAlive(pid)) rmSync(join(dir, n), { force: true });
  }
}

let seq = 0;

/** Rows per multi-row INSERT (4 × 64 = 256 parameters, well under SQLite's limit). */
const ROWS_PER_INSERT = 64;

/** An advisory encoded for storage: pure data, so workers can prepare it and the writer thread only inserts. */
export interface PreparedVuln {
  key: string;
  id: string;
  source: string;
  modified?: string;
  blob: Uint8Array;
  /** [canonical ecosystem, normalised name, JSON of AffectedEntry[]] */
  affected: [string, string, string][];
  aliases: string[];
}

// ecosystem strings repeat across hundreds of thousands of records: canonicalise each once
const canonical = new Map<string, string>();
function canonicalOnce(ecosystem: string): string {
  let c = canonical.get(ecosystem);
  if (c === undefined) {
    c = canonicalEcosystem(ecosystem);
    if (canonical.size < 10_000) canonical.set(ecosystem, c);
  }
  return c;
}

export function prepareVuln(r: VulnRecord, key = r.id): PreparedVuln {
  // several affected[] entries for one package (one per branch, as GHSA does) share one row
  const grouped = new Map<string, { eco: string; name: string; entries: AffectedEntry[] }>();
  for (const a of r.affected) {
    const eco = canonicalOnce(a.ecosystem);
    const name = normalizeName(eco, a.name);
    const k = `${eco}\u0000${name}`;
    const g = grouped.get(k) ?? { eco, name, entries: [] };
    g.entries.push(a.entry);
    grouped.set(k, g);
  }
  return {
    key,
    id: r.id,
    source: r.source,
    modified: r.modified,
    blob: encodeBlob(r),
    affected: [...grouped.values()].map((g) => [g.eco, g.name, JSON.stringify(g.entries)]),
    aliases: [...new Set([r.id, ...r.aliases])],
  };
}

export class VulnStoreWriter {
  readonly tmpPath: string;
  private readonly db: Database.Database;
  private readonly stmts;
  private readonly ecoIds = new Map<string, number>();
  private readonly sourceCounts = new Map<string, number>();
  /** per-source advisory counts from one scan, dropped on every write (setSource is called once per source at the end) */
  private storedCounts?: Map<string, number>;
  // affected and alias rows wait here and go in ROWS_PER_INSERT at a time (one statement run instead of dozens)
  private pendingAffected: (string | number)[] = [];
  private pendingAliases: (string | number)[] = [];
  private done = false;

  private constructor(readonly path: string, opts: WriterOptions) {
    mkdirSync(dirname(path), { recursive: true });
    removeStaleTemps(path);
    this.tmpPath = `${path}.tmp-${process.pid}-${seq++}`;
    const copy = !opts.fresh && existsSync(path);
    if (copy) {
      openVulnStore(path).close(); // refuse to extend a corrupt or foreign database
      copyFileSync(path, this.tmpPath);
    }
    this.db = new Database(this.tmpPath);
    // the temp file is thrown away on failure, so durability is only needed at the final rename
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -262144'); // 256 MiB: random index inserts thrash a small cache on large builds
    this.db.pragma('locking_mode = EXCLUSIVE'); // nobody else opens the temp file: take the lock once, not per statement
    this.db.pragma('temp_store = MEMORY');
    if (!copy) {
      this.db.exec(DDL);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
    if (opts.example) this.db.prepare("INSERT OR REPLACE INTO meta VALUES ('example', 'true')").run();
    for (const r of this.db.prepare('SELECT id, name FROM ecosystems').all() as { id: number; name: string }[]) this.ecoIds.set(r.name, r.id);
    this.stmts = {
      findKey: this.db.prepare('SELECT rowid FROM vulns WHERE key = ?').pluck(),
      insertVuln: this.db.prepare('INSERT INTO vulns (key, id, source, modified, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING'),
      updateVuln: this.db.prepare('UPDATE vulns SET id = ?, source = ?, modified = ?, data = ? WHERE rowid = ?'),
      deleteVuln: this.db.prepare('DELETE FROM vulns WHERE rowid = ?'),
      deleteAffected: this.db.prepare('DELETE FROM affected WHERE vuln = ?'),
      deleteAliases: this.db.prepare('DELETE FROM aliases WHERE vuln = ?'),
      insertAffected: this.db.prepare('INSERT OR REPLACE INTO affected (eco, name, vuln, data) VALUES (?, ?, ?, ?)'),
      insertAlias: this.db.prepare('INSERT OR IGNORE INTO aliases (alias, vuln) VALUES (?, ?)'),
      insertAffectedN: this.db.prepare(`INSERT OR REPLACE INTO affected (eco, name, vuln, data) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?)').join(', ')}`),
      insertAliasN: this.db.prepare(`INSERT OR IGNORE INTO aliases (alias, vuln) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?)').join(', ')}`),
      insertEco: this.db.prepare('INSERT INTO ecosystems (name) VALUES (?)'),
      kev: this.db.prepare('INSERT OR REPLACE INTO kev VALUES (?, ?, ?, ?, ?)'),
      epss: this.db.prepare('INSERT OR REPLACE INTO epss VALUES (?, ?, ?)'),
      source: this.db.prepare(
        'INSERT OR REPLACE INTO sources (name, kind, url, fetched_at, modified_at, last_modified_header, records) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      countSources: this.db.prepare('SELECT source, count(*) AS n FROM vulns GROUP BY source'),
    };
    this.db.exec('BEGIN');
  }

  static open(path: string, opts: WriterOptions = {}): VulnStoreWriter {
    return new VulnStoreWriter(path, opts);
  }

  private eco(name: string): number {
    let id = this.ecoIds.get(name);
    if (id === undefined) {
      id = Number(this.stmts.insertEco.run(name).lastInsertRowid);
      this.ecoIds.set(name, id);
    }
    return id;
  }

  /** Insert or replace an advisory; `key` defaults to its id (OSV ids are globally unique). */
  putVuln(r: VulnRecord, key = r.id): void {
    this.putPrepared(prepareVuln(r, key));
  }

  /** Store an advisory already encoded by prepareVuln (possibly in a worker thread). */
  putPrepared(p: PreparedVuln): void {
    let rowid: number;
    this.storedCounts = undefined;
    // insert first (the common case on a fresh build); on a key conflict replace the old advisory's rows
    const ins = this.stmts.insertVuln.run(p.key, p.id, p.source, p.modified ?? null, p.blob);
    if (ins.changes === 1) {
      rowid = Number(ins.lastInsertRowid);
    } else {
      rowid = this.stmts.findKey.get(p.key) as number;
      this.flushRows(); // pending rows may belong to the advisory being replaced
      this.stmts.deleteAffected.run(rowid);
      this.stmts.deleteAliases.run(rowid);
      this.stmts.updateVuln.run(p.id, p.source, p.modified ?? null, p.blob, rowid);
    }
    const aff = this.pendingAffected;
    for (const [eco, name, data] of p.affected) aff.push(this.eco(eco), name, rowid, data);
    if (aff.length >= 4 * ROWS_PER_INSERT) this.flushAffected(false);
    const al = this.pendingAliases;
    for (const alias of p.aliases) al.push(alias, rowid);
    if (al.length >= 2 * ROWS_PER_INSERT) this.flushAliases(false);
  }

  private flushAffected(all: boolean): void {
    const rows = this.pendingAffected;
    const full = rows.length - (rows.length % (4 * ROWS_PER_INSERT));
    for (let i = 0; i < full; i += 4 * ROWS_PER_INSERT) this.stmts.insertAffectedN.run(rows.slice(i, i + 4 * ROWS_PER_INSERT));
    if (all) for (let i = full; i < rows.length; i += 4) this.stmts.insertAffected.run(rows[i], rows[i + 1], rows[i + 2], rows[i + 3]);
    this.pendingAffected = all ? [] : rows.slice(full);
  }

  private flushAliases(all: boolean): void {
    const rows = this.pendingAliases;
    const full = rows.length - (rows.length % (2 * ROWS_PER_INSERT));
    for (let i = 0; i < full; i += 2 * ROWS_PER_INSERT) this.stmts.insertAliasN.run(rows.slice(i, i + 2 * ROWS_PER_INSERT));
    if (all) for (let i = full; i < rows.length; i += 2) this.stmts.insertAlias.run(rows[i], rows[i + 1]);
    this.pendingAliases = all ? [] : rows.slice(full);
  }

  /** Writes the pending affected/alias rows (before anything reads or deletes them, and at commit). */
  private flushRows(): void {
    this.flushAffected(true);
    this.flushAliases(true);
  }

  /** Withdrawn advisories are removed, not stored. */
  removeVuln(key: string): void {
    const existing = this.stmts.findKey.get(key) as number | undefined;
    if (existing === undefined) return;
    this.storedCounts = undefined;
    this.flushRows();
    this.stmts.deleteAffected.run(existing);
    this.stmts.deleteAliases.run(existing);
    this.stmts.deleteVuln.run(existing);
  }

  putKev(e: KevEntry): void {
    this.stmts.kev.run(e.cve, e.dateAdded, e.dueDate ?? null, e.knownRansomware ? 1 : 0, e.name ?? null);
  }

  putEpss(cve: string, score: number, percentile: number): void {
    this.stmts.epss.run(cve, score, percentile);
  }

  /** Record a source; `records` defaults to the advisories now stored under that source name. */
  setSource(info: Omit<SourceInfo, 'records'> & { records?: number }): void {
    if (info.records === undefined && !this.storedCounts) {
      this.storedCounts = new Map((this.stmts.countSources.all() as { source: string; n: number }[]).map((r) => [r.source, r.n]));
    }
    const records = info.records ?? this.storedCounts?.get(info.name) ?? 0;
    this.sourceCounts.set(info.name, records);
    this.stmts.source.run(
      info.name,
      info.kind,
      info.url ?? null,
      info.fetchedAt ?? new Date().toISOString(),
      info.modifiedAt ?? null,
      info.lastModifiedHeader ?? null,
      records,
    );
  }

  /** Keep a source row from the previous database (db update after a 304). */
  hasSource(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM sources WHERE name = ?').get(name) !== undefined;
  }

  /** Finish: stamp the build time, flush, and atomically replace the database file. */
  commit(): void {
    if (this.done) throw new DrydockError('INTERNAL', 'database writer already finished');
    this.flushRows();
    this.db.prepare("INSERT OR REPLACE INTO meta VALUES ('built_at', ?)").run(new Date().toISOString());
    this.db.exec('COMMIT');
    this.db.close();
    this.done = true;
    const fd = openSync(this.tmpPath, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(this.tmpPath, this.path);
  }

  /** Drop the temp file; the previous database is untouched. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      this.db.close();
    } catch {
      /* already closed */
    }
    rmSync(this.tmpPath, { force: true });
  }
}
