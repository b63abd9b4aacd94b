// SQLite layout of the vulnerability database. Bump SCHEMA_VERSION on any incompatible change:
// readers refuse other versions and tell the user to rebuild (`drydock db update`).
export const SCHEMA_VERSION = 1;

export const DDL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sources (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  url TEXT,
  fetched_at TEXT,
  modified_at TEXT,
  last_modified_header TEXT,
  records INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE ecosystems (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
-- one row per advisory; rarely-read fields (summary, details, references, severity) as deflated JSON
CREATE TABLE vulns (
  rowid INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  id TEXT NOT NULL,
  source TEXT NOT NULL,
  modified TEXT,
  data BLOB NOT NULL
);
-- one row per (package, advisory): the clustered key is the matcher's lookup; data = JSON [ {ranges, versions, rating} ]
CREATE TABLE affected (
  eco INTEGER NOT NULL,
  name TEXT NOT NULL,
  vuln INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (eco, name, vuln)
) WITHOUT ROWID;
CREATE TABLE aliases (alias TEXT NOT NULL, vuln INTEGER NOT NULL, PRIMARY KEY (alias, vuln)) WITHOUT ROWID;
CREATE TABLE kev (
  cve TEXT PRIMARY KEY,
  date_added TEXT NOT NULL,
  due_date TEXT,
  ransomware INTEGER NOT NULL DEFAULT 0,
  name TEXT
) WITHOUT ROWID;
CREATE TABLE epss (cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL) WITHOUT ROWID;
`;
