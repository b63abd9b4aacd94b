// rpmdb.sqlite reader: the Packages table holds one header blob per row. The buffer is deserialized in memory
// by better-sqlite3 (no temp file); a corrupt database yields the rows read before the damage plus a warning.
import Database from 'better-sqlite3';

export function isSqlite(buf: Buffer): boolean {
  return buf.length >= 100 && buf.toString('latin1', 0, 16) === 'SQLite format 3\0';
}

export function readSqliteBlobs(buf: Buffer, warn: (message: string) => void): Buffer[] {
  // a WAL-mode file cannot be deserialized as is: mark it rollback-journal (bytes 18/19), a copy only
  let image = buf;
  if (buf[18] === 2 || buf[19] === 2) {
    image = Buffer.from(buf);
    image[18] = 1;
    image[19] = 1;
  }
  const blobs: Buffer[] = [];
  let db: Database.Database | undefined;
  try {
    db = new Database(image, { readonly: true });
    for (const row of db.prepare('SELECT blob FROM Packages ORDER BY hnum').iterate() as Iterable<{ blob: unknown }>) {
      if (Buffer.isBuffer(row.blob)) blobs.push(row.blob);
    }
  } catch (e) {
    warn(`rpm sqlite database could not be read completely: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    db?.close();
  }
  return blobs;
}
